# Programs: the public pages.
nav-programs = Programmes
programs-title = Programmes
programs-intro = Les parcours que le réseau mène avec ses clubs pour les jeunes : ateliers, accompagnement et tutorat par des professionnels bénévoles.
programs-empty = Aucun programme pour l’instant.
programs-ages = De { $min } à { $max } ans
programs-run-by = { $count ->
    [0] Mené par aucun club pour l’instant
    [one] Mené par un club
   *[other] Mené par { $formatted } clubs
}
programs-since = depuis { $date }
programs-figures = En chiffres
programs-figure-clubs = { $count ->
    [one] club mène le programme
   *[other] clubs mènent le programme
}
programs-figure-cohorts = { $count ->
    [one] promotion en cours
   *[other] promotions en cours
}
programs-figure-enrolled = { $count ->
    [one] participante inscrite cette année
   *[other] participantes inscrites cette année
}
programs-path = Le parcours
programs-skills = Compétences
programs-minutes = { $count ->
    [one] { $count } minute
   *[other] { $formatted } minutes
}
programs-rule = Le parcours est validé avec au moins { $percent } % des séances suivies.
programs-rule-final = Le parcours est validé avec au moins { $percent } % des séances suivies et l’événement final.
programs-clubs = Les clubs qui le mènent
programs-clubs-none = Aucun club ne mène ce programme pour l’instant.
programs-back = Tous les programmes
programs-kind-workshop = Atelier
programs-kind-coaching = Coaching
programs-kind-tutoring = Tutorat
programs-kind-visit = Visite
programs-kind-final = Événement final
# Consents through their links.
programs-consent-title = Autorisations : { $program }
programs-consent-lead-guardian = Vous êtes le parent ou le responsable légal de { $name }. Voici ce que le programme vous demande ; vous pouvez accepter ou refuser chaque point.
programs-consent-lead-own = { $name }, tu as moins de 15 ans : ton accord est demandé, en plus de celui de ton parent ou responsable légal.
programs-consent-any-time = Vous pouvez changer de réponse ou retirer votre accord à tout moment, par ce même lien.
programs-consent-participation = Autorisation de participer
programs-consent-image = Droit à l’image
programs-consent-own = Ton accord
programs-consent-optional = facultatif
programs-consent-version = Texte, version { $version }
programs-consent-none = Pas encore de réponse.
programs-consent-given = Accord donné le { $date } par { $signer } (texte, version { $version }).
programs-consent-refused = Refus enregistré le { $date } par { $signer } (texte, version { $version }).
programs-consent-yes = J’accepte
programs-consent-no = Je refuse
programs-consent-signer = Votre nom et prénom (signature)
programs-consent-signer-hint = Ils sont enregistrés avec votre réponse, sa date et la version du texte.
programs-consent-save = Enregistrer mes réponses
programs-consent-withdraw = Retirer mon accord : { $what }
programs-consent-saved = Vos réponses sont enregistrées.
programs-consent-withdrawn = Votre accord est retiré. Il prend effet immédiatement.
programs-consent-error-signer = Indiquez votre nom et prénom.
programs-consent-error-signer-long = Le nom ne peut dépasser 200 caractères.
programs-consent-error-choice = Choisissez « J’accepte » ou « Je refuse ».
programs-consent-error-none = Choisissez au moins une réponse.
programs-link-label = Autorisations de { $name } : { $program }
programs-mail-subject = { $program } : votre autorisation est demandée
programs-mail-hello = Bonjour,
programs-mail-guardian = { $name } participe au programme « { $program } ». Pour qu’elle puisse prendre part aux séances, votre autorisation est nécessaire ; le droit à l’image est facultatif. Répondez par ce lien personnel :
programs-mail-own = Tu participes au programme « { $program } ». Comme tu as moins de 15 ans, ton accord est demandé. Réponds par ce lien personnel :
programs-mail-withdraw = Ce même lien permet de changer de réponse ou de retirer un accord à tout moment. Ne le transférez pas.
programs-people-kind = Participantes et participants des programmes (et leurs responsables légaux)
programs-consent-any-time-own = Tu peux changer de réponse ou retirer ton accord à tout moment, par ce même lien.
programs-consent-signer-own = Ton nom et prénom (signature)
programs-consent-saved-own = Tes réponses sont enregistrées.
programs-consent-withdrawn-own = Ton accord est retiré. Il prend effet immédiatement.

# Programs: actions in schools and reports (back office).
programs-admin-home = Programmes
programs-school-year = Année scolaire
programs-show = Afficher
programs-choose = Choisir…
programs-club = Club
programs-girls = Filles
programs-boys = Garçons
programs-pupils = Élèves
programs-edit = Modifier
programs-delete = Supprimer
programs-save = Enregistrer
programs-cancel = Annuler
programs-percent = { $n } %
programs-actions-title = Actions dans les établissements scolaires
programs-actions-intro = Les interventions ponctuelles des clubs dans les écoles, collèges et lycées : combien d’élèves, filles et garçons, et de bénévoles. Des totaux seulement, jamais le nom d’un élève.
programs-actions-none = Aucune action enregistrée pour cette année scolaire.
programs-actions-col = Actions
programs-action-new = Enregistrer une action
programs-action-new-title = Nouvelle action dans un établissement
programs-action-edit-title = Modifier l’action
programs-action-aggregates = Indiquez seulement des nombres : aucun nom d’élève n’est demandé ni conservé.
programs-action-club = Club
programs-action-program = Programme
programs-action-no-program = Aucun programme
programs-action-school = Établissement
programs-action-town = Commune
programs-action-level = Niveau de classe
programs-action-held-on = Date
programs-action-girls = Nombre de filles
programs-action-boys = Nombre de garçons
programs-action-volunteers = Bénévoles présents
programs-action-added = L’action est enregistrée.
programs-action-saved = L’action est modifiée.
programs-action-deleted = L’action est supprimée.
programs-action-delete-title = Supprimer l’action à { $school }
programs-action-delete-warning = L’action et ses nombres d’élèves seront retirés des totaux. Cette suppression est définitive.
programs-action-delete-submit = Supprimer l’action
programs-action-error-club = Choisissez un club pour lequel vous pouvez publier.
programs-action-error-program = Choisissez un programme de la liste.
programs-action-error-required = Ce champ est obligatoire.
programs-action-error-long = Ce texte est trop long.
programs-action-error-level = Choisissez un niveau de classe dans la liste.
programs-action-error-date = Indiquez une date qui existe, au format AAAA-MM-JJ.
programs-action-error-future = L’action doit avoir eu lieu : la date ne peut pas être dans le futur.
programs-action-error-count = Indiquez un nombre entier, zéro ou plus.
programs-action-error-too-many = Ce nombre est trop grand pour une seule action.
programs-action-error-no-pupils = Indiquez au moins une fille ou un garçon.
programs-level-cm2 = CM2
programs-level-6e = 6e
programs-level-5e = 5e
programs-level-4e = 4e
programs-level-3e = 3e
programs-level-2de = 2de
programs-level-1re = 1re
programs-level-tle = Terminale
programs-level-other = Autre
programs-reached-title = Élèves touchés cette année scolaire
programs-reached-network = { $count ->
    [one] élève touché cette année scolaire par le réseau
   *[other] élèves touchés cette année scolaire par le réseau
}
programs-girls-count = { $count ->
    [one] { $formatted } fille
   *[other] { $formatted } filles
}
programs-boys-count = { $count ->
    [one] { $formatted } garçon
   *[other] { $formatted } garçons
}
programs-actions-count = { $count ->
    [0] Aucune action
    [one] Une action
   *[other] { $formatted } actions
}
programs-pupils-count = { $count ->
    [one] { $formatted } élève
   *[other] { $formatted } élèves
}
programs-figure-pupils = { $count ->
    [one] élève touché cette année scolaire par les actions dans les établissements
   *[other] élèves touchés cette année scolaire par les actions dans les établissements
}
programs-list-reached = { $count ->
    [one] élève touché cette année scolaire par les actions des clubs dans les établissements
   *[other] élèves touchés cette année scolaire par les actions des clubs dans les établissements
}
programs-reports-title = Rapports des programmes
programs-reports-intro = Par promotion, par club et pour le réseau : inscriptions, accords, présence, parcours terminés, et élèves touchés par les actions dans les établissements.
programs-reports-table = Chiffres de l’année
programs-reports-empty = Rien à compter pour cette année scolaire.
programs-reports-how = Inscrites : sélectionnées avec tous les accords nécessaires. Taux de présence : séances suivies par les inscrites sur les séances déjà tenues. Genre et âge (au début de la promotion) : des inscrites. Les totaux du réseau ne sont visibles que des personnes qui publient pour tous les clubs.
programs-reports-sheet = Rapport
programs-report-row = Promotion, club ou réseau
programs-report-network = Réseau
programs-report-level = Niveau
programs-report-level-cohort = promotion
programs-report-level-club = club
programs-report-level-network = réseau
programs-report-cohort = Promotion
programs-report-applicants = Candidatures
programs-report-selected = Sélectionnées
programs-report-enrolled = Inscrites
programs-report-consent-complete = Accords complets
programs-report-pending = En attente d’accord
programs-report-waiting = Liste d’attente
programs-report-sessions-held = Séances tenues
programs-report-attendance = Présence (%)
programs-report-completed = Parcours terminés
programs-report-on-track = En bonne voie
programs-report-other = Autre genre
programs-report-unsaid = Genre non précisé
programs-report-age-under-14 = Moins de 14 ans
programs-report-age-14 = 14 ans
programs-report-age-15 = 15 ans
programs-report-age-16 = 16 ans
programs-report-age-17 = 17 ans
programs-report-age-18 = 18 ans et plus
programs-report-reached-girls = Élèves touchées (filles)
programs-report-reached-boys = Élèves touchés (garçons)
programs-report-reached = Élèves touchés
programs-export-csv = Télécharger (CSV)
programs-export-xlsx = Télécharger (XLSX)
programs-export-participants-csv = Participantes (CSV)
programs-export-sheet = Participantes
programs-export-first-name = Prénom
programs-export-last-name = Nom
programs-export-age = Âge au début
programs-export-gender = Genre
programs-export-status = Statut
# ---- badges (Open Badges 3.0 credentials, their verification page and revocation) ----
programs-badge-title = Badge « { $program } »
programs-badge-kicker = Badge numérique vérifiable (Open Badges 3.0)
programs-badge-valid = Badge valide
programs-badge-valid-detail = La signature de ce badge a été vérifiée avec la clé publique de l’émetteur, et il n’est pas révoqué.
programs-badge-revoked = Badge révoqué le { $date }
programs-badge-revoked-detail = L’émetteur a révoqué ce badge : il n’atteste plus ce parcours.
programs-badge-invalid = Badge non vérifié
programs-badge-invalid-detail = La signature de ce badge ne correspond à aucune clé publiée par l’émetteur.
programs-badge-recipient = Décerné à
programs-badge-recipient-erased = (prénom effacé)
programs-badge-issuer = Émetteur
programs-badge-issued = Date
programs-badge-achievement = Ce que ce badge atteste
programs-badge-criteria = Critères
programs-badge-criteria-path = Parcours : { $steps }.
programs-badge-program-link = Découvrir le programme
programs-badge-download = Télécharger le badge
programs-badge-download-intro = Le badge est une attestation signée au format ouvert Open Badges 3.0 : vous pouvez l’ajouter à un portefeuille numérique ou le montrer, et chacun peut le vérifier avec la clé publique de l’émetteur.
programs-badge-download-jwt = L’attestation signée (fichier JWT)
programs-badge-download-json = Son contenu lisible (JSON)
programs-badge-keys = Les clés publiques de l’émetteur (JWKS)
programs-badge-status-list = La liste des révocations
programs-badge-revoke-title = Révoquer ce badge
programs-badge-revoke-intro = Réservé à l’équipe du club et aux administrateurs du réseau. La révocation est définitive et enregistrée dans le journal.
programs-badge-revoke = Révoquer le badge
programs-badge-mail-subject = { $program } : ton badge
programs-badge-mail-body = Bravo { $name } ! Tu as terminé le parcours « { $program } ». Ton badge numérique est prêt : tu peux le télécharger, l’ajouter à un portefeuille numérique et le montrer. Il est ici :
programs-badge-mail-how = Chacun peut vérifier ce badge sur cette page, avec la clé publique du réseau.
audit-action-programs-badge-revoke = Révocation d’un badge
