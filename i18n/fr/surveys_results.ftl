# surveys_results: the results' arithmetic, pages, charts, export and API.

## Labels of the figures
surveys-results-yes = Oui
surveys-results-no = Non
surveys-results-other = Autre
surveys-results-whole = Ensemble
surveys-results-respondents = Répondants
surveys-results-mean = Moyenne
surveys-results-median = Médiane
surveys-results-range = Minimum – maximum
surveys-results-figure = Chiffre
surveys-results-suppressed = moins de { $n } réponses
surveys-results-hidden = masqué (trop peu de réponses)
surveys-results-points = { $n } pts
surveys-results-change = Évolution { $from } → { $to }
surveys-results-chart-desc = Graphique des résultats. { $figures }. Les chiffres sont dans le tableau qui suit.
surveys-results-table-caption = Résultats : { $question }
surveys-results-kind-single-choice = Choix unique
surveys-results-kind-multiple-choice = Choix multiple (pourcentages des répondants : le total peut dépasser 100 %)
surveys-results-kind-yes-no = Oui ou non
surveys-results-kind-number = Nombre
surveys-results-kind-scale = Échelle
surveys-results-kind-matrix = Grille (moyenne / médiane et répondants par ligne)
surveys-results-kind-short-text = Texte court
surveys-results-kind-long-text = Texte long
surveys-results-kind-date = Date
surveys-results-kind-email = Adresse e-mail
surveys-results-kind-file = Fichier
surveys-results-others = { $count ->
    [one] Une réponse « Autre »
   *[other] { $count } réponses « Autre »
}
surveys-results-texts = { $count ->
    [one] Un texte
   *[other] { $count } textes
}

## The public pages
surveys-results-title = Résultats { $wave } — { $survey }
surveys-results-report-title = Rapport { $wave } — { $survey }
surveys-results-evolution-title = Évolution d’une vague à l’autre — { $survey }
surveys-results-wave = Vague
surveys-results-waves = Vagues publiées
surveys-results-published-at = Publiés le
surveys-results-by-territory = Réponses par territoire
surveys-results-col-responses = Réponses complètes
surveys-results-evolution-link = Évolution d’une vague à l’autre
surveys-results-report-link = Rapport imprimable
surveys-results-report-back = Retour aux résultats
surveys-results-report-hint = Imprimez cette page ou enregistrez-la en PDF depuis votre navigateur.
surveys-results-public-note = Tout chiffre calculé sur moins de { $n } réponses est masqué (« moins de { $n } réponses ») pour protéger les répondants.
surveys-results-none = Aucune question publiée.
surveys-results-evolution-waves = Vagues comparées : { $waves }.
surveys-results-evolution-hint = Les questions sont rapprochées par leur code, même reformulées ; l’évolution est en points de pourcentage pour les choix et en écart de moyenne pour les nombres et les échelles.
surveys-results-back-results = Retour aux résultats
surveys-results-back-survey = Retour à l’enquête

## Staff
surveys-results-staff-title = Résultats de la vague { $wave } — { $survey }
surveys-results-back-wave = Retour à la vague
surveys-results-export = Exporter le tableau des résultats (CSV)
surveys-results-partner-view = Vue des partenaires : les chiffres calculés sur trop peu de réponses sont masqués et les textes libres ne sont pas montrés.
surveys-results-not-opened = Cette vague n’est pas encore ouverte : elle n’a pas de résultats.
surveys-results-publication = Publication
surveys-results-published-on = Résultats publiés le { $date }.
surveys-results-published-count = { $count ->
    [one] Une question publiée.
   *[other] { $count } questions publiées.
}
surveys-results-public-page = Voir la page publique
surveys-results-unpublished = Les résultats de cette vague ne sont pas publiés.
surveys-results-publish-hint = Cochez les questions à montrer sur la page publique, puis « Publier les résultats ». Les chiffres calculés sur trop peu de réponses y seront masqués et les textes libres n’y paraissent jamais.
surveys-results-publish-this = Publier cette question
surveys-results-publish = Publier les résultats
surveys-results-withdraw = Retirer la publication
surveys-results-flag-legend = Chiffre calculé sur moins de { $n } réponses : masqué sur les pages publiques et pour les partenaires.
surveys-results-flash-published = Les résultats sont publiés.
surveys-results-flash-withdrawn = La publication est retirée.
surveys-results-error-none = Choisissez au moins une question à publier.
surveys-results-error-not-opened = Cette vague n’est pas encore ouverte.

## The export
surveys-results-col-territory = Territoire
surveys-results-col-code = Code
surveys-results-col-question = Question
surveys-results-col-line = Ligne
surveys-results-col-value = Valeur
surveys-results-col-count = Effectif
surveys-results-col-percent = Pourcentage
surveys-results-col-respondents = Répondants
surveys-results-col-note = Remarque
surveys-results-note-small = moins de { $n } réponses : à ne pas diffuser
audit-action-surveys-results-export = Export des résultats d’une enquête
