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
