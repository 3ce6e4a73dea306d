# Offers of freed places (waiting list with a deadline) and partner places.
events-offer-title = Une place vous est proposée
events-offer-text = Une place s’est libérée pour votre inscription. Elle vous est réservée jusqu’au { $date } : acceptez-la pour confirmer votre inscription, ou déclinez-la pour la laisser à la personne suivante.
events-offer-help = Sans réponse avant cette date, la place sera proposée à la personne suivante et votre inscription sera annulée.
events-offer-accept = Accepter la place
events-offer-decline = Décliner la place
events-offer-closed = Il n’y a plus de place proposée pour cette inscription : elle a déjà été acceptée ou déclinée, ou le délai pour répondre est passé.
events-partner-title = Lien partenaire
events-partner-remaining = { $count ->
    [0] Les places réservées aux partenaires sont toutes prises : votre inscription sera traitée comme une inscription publique.
    [one] Il reste 1 place réservée aux partenaires.
   *[other] Il reste { $formatted } places réservées aux partenaires.
}
events-partner-invalid = Ce lien partenaire n’est pas valable : votre inscription sera une inscription publique, sans les places réservées aux partenaires.
events-booking-waiting-help-offer = { $count ->
    [one] Si une place se libère, elle est proposée à la personne suivante de la liste, qui a 1 heure pour l’accepter ; vous recevrez alors un e-mail.
   *[other] Si une place se libère, elle est proposée à la personne suivante de la liste, qui a { $formatted } heures pour l’accepter ; vous recevrez alors un e-mail.
}
