# Tickets and check-in at the door.
checkin-ticket-title = Billets : { $event }
checkin-ticket-intro = { $count ->
    [one] Votre billet. Présentez-le à l’entrée, imprimé ou sur votre téléphone.
   *[other] Vos { $formatted } billets, un par participant·e. Présentez-les à l’entrée, imprimés ou sur un téléphone.
}
checkin-ticket-id = Pièce d’identité demandée à l’entrée
checkin-ticket-qr-alt = Code QR du billet { DE($name) }.
checkin-ticket-code = Code du billet :
checkin-ticket-print = Pour imprimer les billets, utilisez la commande d’impression de votre navigateur : chaque billet occupe une demi-page.
checkin-ticket-waiting = Vous êtes sur la liste d’attente : les billets seront disponibles ici dès que votre inscription sera confirmée.
checkin-ticket-offered = Une place vous est proposée : acceptez-la depuis la page de votre inscription pour obtenir vos billets.
checkin-ticket-cancelled = Cette inscription est annulée : elle n’a plus de billet.
checkin-ticket-back = Retour à votre inscription
checkin-ticket-link = Voir et imprimer mes billets
checkin-ticket-online = Cet événement a lieu en ligne : pas de billet à présenter à l’entrée. Rejoignez-le avec le lien ci-dessous.
checkin-title = Accueil : { $event }
checkin-scan-title = Contrôle d’un billet
checkin-id-required-short = pièce d’identité demandée
checkin-counts-title = En chiffres
checkin-count-confirmed = Places confirmées
checkin-count-present = Présent·es
checkin-count-expected = Encore attendu·es
checkin-count-no-shows = Absent·es
checkin-duplicates = { $count ->
    [one] 1 personne est peut-être inscrite deux fois : elle est signalée dans la liste.
   *[other] { $formatted } personnes sont peut-être inscrites deux fois : elles sont signalées dans la liste.
}
checkin-find-title = Trouver une personne
checkin-search-label = Nom ou adresse e-mail
checkin-search-submit = Rechercher
checkin-search-reset = Afficher tout le monde
checkin-list-title = Participant·es attendu·es
checkin-list-found = { $count ->
    [0] Aucun résultat
    [one] 1 résultat
   *[other] { $formatted } résultats
}
checkin-list-empty = Aucune inscription confirmée pour le moment.
checkin-list-none-found = Personne ne correspond à cette recherche.
checkin-booked-by = Inscription { DE($name) }
checkin-duplicate = Doublon possible : même nom ou même adresse e-mail sur une autre inscription.
checkin-present-since = Présent·e depuis { $time }
checkin-id-was-checked = pièce d’identité vérifiée
checkin-id-checked = Pièce d’identité vérifiée
checkin-mark-present = Marquer présent·e
checkin-undo = Annuler l’arrivée
checkin-public-page = Voir la page publique de l’événement
checkin-back-to-desk = Retour à l’accueil de l’événement
checkin-scan-another = Contrôler un billet
checkin-code-label = Code du billet
checkin-code-hint = Tapez ou collez le code écrit sous le code QR, par exemple T1.123.…
checkin-code-submit = Vérifier le billet
checkin-camera-label = Photographier le code QR
checkin-camera-busy = Lecture du code…
checkin-camera-none = Aucun code QR lisible sur cette photo : réessayez de plus près, ou tapez le code.
checkin-flash-checked = { $name } est enregistré·e comme présent·e.
checkin-flash-undone = L’arrivée { DE($name) } est annulée.
checkin-flash-already = { $name } était déjà enregistré·e comme présent·e : l’arrivée n’est pas comptée deux fois.
checkin-already = Déjà enregistré·e à { $time } : l’arrivée n’est pas comptée deux fois.
checkin-error-id = Vérifiez la pièce d’identité et cochez la case avant de marquer la personne présente.
checkin-refused-invalid = Billet refusé : ce code n’est pas valide (il a été modifié, il est incomplet ou il n’a pas été émis par ce site).
checkin-refused-cancelled = Billet refusé : cette inscription a été annulée.
checkin-refused-not-confirmed = Billet refusé : cette inscription n’est pas confirmée (liste d’attente ou place proposée pas encore acceptée).
checkin-refused-nothing = Rien n’a été enregistré.
