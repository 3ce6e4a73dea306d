# calls_results: the ranking, decisions, publication and the public results page.

## The public results page
calls-results-title = Résultats — { $call }
calls-results-published = Publiés le
calls-results-version = version { $version }
calls-results-fingerprint = Empreinte SHA-256
calls-results-fingerprint-hint = L’empreinte des résultats publiés (le JSON servi par l’API)
calls-results-ceremony = Cérémonie
calls-results-amendments = Modifications après publication
calls-results-laureates = Lauréats
calls-results-none = Aucun lauréat.
calls-results-mentions = Mentions
calls-results-nominees = Nommés
calls-results-category = Catégorie
calls-results-sponsor = Parrainée par
calls-results-district = Quartier de réalisation
calls-results-reached = Quartiers touchés
calls-results-link = Site du projet

## The ranking
calls-results-ranking-title = Classement — { $stage } — { $call }
calls-results-stage-nav = Classements et décisions de l’appel
calls-results-tab-ranking = Classement ({ $stage })
calls-results-tab-decision = Décision ({ $stage })
calls-results-tab-publish = Publication des résultats
calls-results-ranking-hint = Seules comptent les évaluations envoyées, hors conflits d’intérêts et jurés retirés. La moyenne normalisée ramène les notes de chaque juré à la même échelle (scores z), pour qu’un juré plus sévère ou plus généreux ne fausse pas le classement.
calls-results-export-csv = Exporter en CSV
calls-results-export-xlsx = Exporter en XLSX
calls-results-ranking-empty = Aucune évaluation comptée pour cette étape.
calls-results-no-category = Sans catégorie
calls-results-col-category = Catégorie
calls-results-col-rank = Rang
calls-results-col-tie = Ex æquo
calls-results-col-reference = Référence
calls-results-col-project = Projet
calls-results-col-organisation = Organisation
calls-results-col-mean = Moyenne pondérée
calls-results-col-median = Médiane
calls-results-col-normalised = Moyenne normalisée
calls-results-col-spread = Écart entre jurés
calls-results-col-std-dev = Écart type
calls-results-col-reviews = Évaluations
calls-results-col-version = Version
calls-results-tie = ex æquo

## Decisions
calls-results-decision-title = Décision — { $stage } — { $call }
calls-results-decision = Décision
calls-results-amendment-n = Modification n° { $n }
calls-results-decision-new = Enregistrer la décision
calls-results-amendment-new = Modifier la décision
calls-results-amendment-hint = La décision est enregistrée et verrouillée. Une modification est ajoutée à l’historique avec sa raison, obligatoire ; après la publication, elle publie une nouvelle version des résultats.
calls-results-history = Historique
calls-results-field-rationale = Motivation
calls-results-field-reason = Raison de la modification
calls-results-field-choice = Choix
calls-results-field-laureate = Lauréat de la catégorie « { $category } »
calls-results-field-mentions = Mentions
calls-results-field-advance = Dossiers retenus pour l’étape suivante
calls-results-advance-count = ({ $n } attendus)
calls-results-no-laureate = Aucun lauréat
calls-results-no-candidates = Aucun dossier n’a atteint cette étape.
calls-results-outcome-laureate = Lauréat
calls-results-outcome-mention = Mention
calls-results-outcome-advance = Retenu
calls-results-decide = Enregistrer la décision
calls-results-amend = Enregistrer la modification
calls-results-frozen-notice = Les résultats sont publiés : toute modification se fait par une modification motivée, qui publie une nouvelle version.
calls-results-flash-decided = Décision enregistrée.
calls-results-flash-amended = Modification enregistrée.
calls-results-flash-published = Résultats publiés. Les candidats vont recevoir leur résultat par courriel.
calls-results-error-candidate = Ce dossier n’a pas atteint cette étape.
calls-results-error-twice = Un même dossier ne peut recevoir qu’un prix ou une mention.
calls-results-error-none = Choisissez au moins un dossier.
calls-results-error-frozen = Les résultats sont publiés : ils ne changent que par une modification motivée.
calls-results-error-decided = La décision de cette étape est déjà enregistrée : modifiez-la avec une raison.
calls-results-error-undecided = Cette étape n’a pas encore de décision.
calls-results-error-published = Les résultats de cet appel sont déjà publiés.
calls-results-error-no-final = Cet appel n’a pas d’étape qui désigne les lauréats.

## Publication
calls-results-publish-title = Publication des résultats — { $call }
calls-results-publish-hint = La publication fige les résultats ci-dessous, calcule leur empreinte et envoie à chaque candidat son résultat par courriel. Ensuite, seule une modification motivée peut les changer.
calls-results-publish = Publier les résultats
calls-results-versions = Versions publiées
calls-results-public-page = Voir la page publique des résultats
calls-results-preview = Aperçu de ce qui sera publié
calls-results-current = Résultats publiés

## The outcome e-mail
calls-results-mail-subject = Résultats — { $call }
calls-results-mail-hello = Bonjour,
calls-results-mail-laureate = Félicitations ! Votre projet « { $project } » est lauréat de « { $call } ».
calls-results-mail-mention = Félicitations ! Votre projet « { $project } » reçoit une mention du jury de « { $call } ».
calls-results-mail-nominee = Votre projet « { $project } » a été nommé parmi les finalistes de « { $call } ». Il n’a pas reçu de prix cette fois-ci.
calls-results-mail-not-selected = Votre projet « { $project } » n’a pas été retenu par le jury de « { $call } ». Merci de votre participation.
calls-results-mail-page = Les résultats sont en ligne :
calls-results-mail-feedback = Les remarques du jury sur votre dossier :
calls-results-mail-amended = Ce message suit une modification des résultats publiés.

## Audit log actions
audit-action-calls-ranking-view = Consultation du classement d’un appel
audit-action-calls-ranking-export = Export du classement d’un appel
audit-action-calls-decision-view = Consultation de la décision d’une étape d’un appel
audit-action-api-calls-applications = Lecture des dossiers d’un appel par l’API
audit-action-api-calls-scores = Lecture du classement d’un appel par l’API
