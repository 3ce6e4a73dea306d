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
