# A person's data (/admin/donnees-personnelles)
people-menu = Données personnelles
people-title = Données personnelles d’une personne
people-intro = Retrouvez tout ce que le site conserve pour une adresse e-mail (compte, inscriptions, commentaires, contacts, e-mails), téléchargez-le en un seul fichier JSON ou effacez-le. Chaque consultation, export et effacement est inscrit au journal.
people-email = Adresse e-mail de la personne
people-search = Rechercher
people-found-title = Ce que le site conserve pour { $email }
people-nothing = Le site ne conserve rien pour cette adresse.
people-found-count = { $count ->
    [one] Un enregistrement.
   *[other] { $formatted } enregistrements.
}
people-export = Télécharger ces données (JSON)
people-erase-title = Effacer ces données
people-erase-hint = Les noms, adresses, besoins et réponses sont effacés ; les inscriptions gardent leurs places et leur statut pour que les comptes des événements ne changent pas ; les commentaires restent à leur place sans auteur ; le compte est désactivé sans nom ni adresse. Cette action est définitive.
people-erase-confirm = J’ai vérifié l’identité de la personne qui le demande et je confirme l’effacement
people-erase = Effacer définitivement
people-erased = { $count ->
    [one] Un enregistrement a été effacé.
   *[other] { $formatted } enregistrements ont été effacés.
}
people-error-email-missing = Indiquez l’adresse e-mail de la personne.
people-error-confirm = Cochez la case pour confirmer l’effacement.
people-kind-account = Compte
people-kind-mail = E-mails envoyés ou en attente
people-kind-comments = Commentaires
people-kind-contacts = Fiches de contact
people-kind-registrations = Inscriptions aux événements
audit-action-people-data-view = Recherche des données d’une personne
audit-action-people-data-export = Export des données d’une personne
audit-action-people-data-erase = Effacement des données d’une personne
