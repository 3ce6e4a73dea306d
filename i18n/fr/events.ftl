nav-events = Événements
events-title = Événements
events-intro = Conférences, ateliers, rendez-vous : les événements de la fondation et des clubs du réseau, ouverts à toutes et à tous.
events-filter-title = Filtrer les événements
events-filter-club = Club
events-filter-all-clubs = Tout le réseau
events-filter-month = Mois
events-filter-month-hint = Au format AAAA-MM, par exemple 2026-12.
events-filter-submit = Filtrer
events-filter-reset = Voir tous les événements
events-upcoming = À venir
events-upcoming-empty = Aucun événement à venir pour le moment.
events-past = Événements passés
events-past-empty = Aucun événement passé.
events-all = Tous les événements
events-online = En ligne
events-cancelled = Annulé
events-full = Complet — liste d’attente ouverte
events-remaining = { $count ->
    [one] 1 place restante
   *[other] { $formatted } places restantes
}
events-when = Date
events-where = Lieu
events-club = Organisé par
events-theme = Thème
events-map = Voir le plan sur OpenStreetMap
events-online-link = Rejoindre l’événement en ligne
events-programme = Programme
events-speakers = Intervenants
events-moderators = Animation
events-room = Salle
events-register-title = Inscription
events-registration-closed = Les inscriptions sont closes.
events-registration-not-open = Les inscriptions ouvriront le { $date }.
events-registration-cancelled = Cet événement est annulé.
events-registration-refused = Les inscriptions à cet événement ne sont pas ouvertes : elles sont closes ou pas encore ouvertes, ou l’événement est passé ou annulé. Aucune inscription n’a été enregistrée.
events-id-required = Une pièce d’identité vous sera demandée à l’entrée. Elle sera seulement regardée : vous n’avez rien à envoyer, et elle n’est ni copiée ni conservée.
events-form-intro = Tous les champs sont obligatoires, sauf mention contraire.
events-contact-name = Votre nom
events-email = Votre adresse e-mail
events-email-hint = Pour vous écrire au sujet de votre inscription ; elle n’est jamais publiée.
events-seats = Nombre de participants (de 1 à 10)
events-attendees = Noms des participants
events-attendees-hint = Un nom par participant, autant que le nombre choisi. Laissez la première ligne vide si le premier participant, c’est vous ; laissez vides les lignes en trop.
events-attendee = Participant { $count }
events-accessibility = Besoins d’accessibilité (facultatif)
events-accessibility-hint = Par exemple : accès en fauteuil roulant, boucle magnétique, interprète en langue des signes. Transmis aux seuls organisateurs.
events-submit = M’inscrire
events-waitlist-note = L’événement est complet : votre demande sera placée sur la liste d’attente et confirmée automatiquement, dans l’ordre d’arrivée, si des places se libèrent. Une demande de plusieurs places est confirmée en entier ou attend en entier.
events-error-name = Indiquez votre nom (100 caractères au plus).
events-error-seats = Choisissez un nombre de participants entre 1 et 10.
events-error-attendee = Indiquez le nom de ce participant (100 caractères au plus).
events-error-accessibility = Décrivez vos besoins en 1 000 caractères au plus.
events-booking-title = Votre inscription : { $event }
events-booking-confirmed = Votre inscription est confirmée.
events-booking-seats = { $count ->
    [one] 1 place.
   *[other] { $formatted } places.
}
events-booking-waiting = Vous êtes sur la liste d’attente, en position { $count }.
events-booking-waiting-help = Si des places se libèrent, les inscriptions en attente sont confirmées automatiquement, dans l’ordre, chacune en entier.
events-booking-cancelled = Cette inscription est annulée.
events-booking-link = Gardez l’adresse de cette page : c’est votre lien personnel pour retrouver ou annuler votre inscription.
events-booking-attendees = Participants
events-booking-contact = Contact
events-booking-accessibility = Besoins d’accessibilité
events-cancel-title = Annuler l’inscription
events-cancel-help = L’annulation libère toutes les places de cette inscription, qui reviennent aux personnes en attente.
events-cancel-submit = Annuler mon inscription
events-cancel-too-late = L’événement a commencé : l’inscription ne peut plus être annulée.
events-back = Voir l’événement
events-calendar-feed = Ajouter tous les événements à votre agenda (iCalendar)
events-question-kind-text = Texte
events-question-kind-choice = Choix dans une liste
events-question-kind-yesno = Oui / non
events-question-kind-number = Nombre
events-question-kind-date = Date
events-card-full = Complet — liste d’attente
events-card-few = { $count ->
    [one] Plus qu’une place
   *[other] Plus que { $formatted } places
}
events-card-closed = Inscriptions fermées
events-cancel-confirm-title = Annuler votre inscription : { $event } ?
events-cancel-confirm-lose = Si vous annulez, vous perdez :
events-cancel-lose-seats = { $count ->
    [one] votre place confirmée ;
   *[other] vos { $formatted } places confirmées ;
}
events-cancel-lose-offer = { $count ->
    [one] la place qui vous est proposée ;
   *[other] les { $formatted } places qui vous sont proposées ;
}
events-cancel-lose-position = votre position sur la liste d’attente (n° { $formatted }) : une nouvelle demande repartirait en fin de liste ;
events-cancel-lose-attendees = l’inscription de :
events-cancel-lose-workshops = vos choix d’ateliers :
events-cancel-final = L’annulation est définitive : les places libérées reviennent aussitôt aux personnes en attente.
events-cancel-keep = Non, garder mon inscription
events-cancel-confirm-submit = Oui, annuler mon inscription
events-join-title = Participer en ligne
events-join-help = L’événement a lieu en ligne : ce lien ouvre la salle virtuelle. Il n’y a pas de billet à présenter.
