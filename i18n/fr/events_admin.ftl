# Le back-office des événements : liste, édition, inscriptions, exports, messages.

events-admin-title = Événements
events-admin-new = Nouvel événement
events-admin-edit-title = Modifier « { $title } »
events-admin-upcoming = À venir et en cours
events-admin-past = Passés
events-admin-event-nav = Pages de l’événement
events-admin-tab-edit = Fiche de l’événement
events-admin-tab-registrations = Inscriptions
events-admin-tab-messages = Messages
events-admin-tab-checkin = Accueil des participants
events-admin-status-draft = Brouillon
events-admin-status-published = Publié
events-admin-status-cancelled = Annulé
events-admin-col-when = Date
events-admin-col-seats-taken = Places confirmées
events-admin-col-waiting = En attente
events-admin-flash-created = Événement créé. Vous pouvez maintenant compléter sa fiche ou le publier.
events-admin-flash-cancelled = Inscription annulée : la personne est prévenue par e-mail et la liste d’attente avance.
events-admin-flash-sent = { $count ->
    [0] Message enregistré : aucune personne à prévenir.
    [one] Message envoyé à 1 inscription.
   *[other] Message envoyé à { $formatted } inscriptions.
}
events-admin-flash-already-sent = Ce message a déjà été envoyé : il n’a pas été renvoyé.

## Formulaire de l’événement
events-admin-group-what = L’événement
events-admin-group-when = Date et lieu
events-admin-group-registration = Inscriptions
events-admin-group-organiser = Organisation
events-admin-group-publication = Publication
events-admin-sections = Sections du formulaire
events-admin-timezone-hint = Dates et heures dans le fuseau horaire du site ({ $zone }).
events-admin-field-summary = Résumé
events-admin-field-description = Description
events-admin-field-theme = Thème
events-admin-field-starts = Début
events-admin-field-ends = Fin
events-admin-field-place = Nom du lieu
events-admin-field-address = Adresse
events-admin-field-online = Lien de l’événement en ligne
events-admin-field-online-hint = Facultatif. Adresse commençant par https://.
events-admin-field-capacity = Nombre de places
events-admin-field-capacity-hint = 0 : personne ne peut s’inscrire, tout le monde va en liste d’attente. Réduire ce nombre n’annule aucune inscription confirmée ; l’augmenter confirme la liste d’attente dans l’ordre.
events-admin-field-opens = Ouverture des inscriptions
events-admin-field-opens-hint = Facultatif : sans date, les inscriptions sont ouvertes dès la publication.
events-admin-field-closes = Clôture des inscriptions
events-admin-field-closes-hint = Facultatif : sans date, elles ferment au début de l’événement.
events-admin-field-id-required = Une pièce d’identité sera demandée à l’entrée (elle est seulement regardée, jamais enregistrée)
events-admin-field-waitlist = Quand une place se libère
events-admin-waitlist-auto = La personne suivante de la liste d’attente est inscrite automatiquement
events-admin-waitlist-offer = La place lui est proposée pendant un délai limité
events-admin-field-offer-hours = Délai pour accepter la place (en heures)
events-admin-field-offer-hours-hint = Utilisé seulement si la place est proposée. Passé ce délai, elle va à la personne suivante.
events-admin-field-partner-seats = Places réservées aux partenaires
events-admin-field-partner-seats-hint = Comprises dans le nombre de places ; seules les inscriptions faites avec le lien partenaire peuvent les prendre.
events-admin-partner-link = Lien d’inscription pour les partenaires
events-admin-partner-link-hint = Copiez ce lien et transmettez-le à vos partenaires : il donne accès aux places qui leur sont réservées.
events-admin-field-contact = E-mail de l’organisateur
events-admin-field-contact-hint = Reçoit les besoins d’accessibilité signalés par les personnes inscrites.
events-admin-field-reminder = Rappel avant l’événement (en heures)
events-admin-field-reminder-hint = 0 : pas de rappel.
events-admin-field-retention = Conservation des données (en jours après la fin)
events-admin-field-retention-hint = Ensuite, les noms et les réponses sont anonymisés ; seuls les nombres restent.
events-admin-field-status = État
events-admin-error-club = Choisissez un club pour lequel vous pouvez publier.
events-admin-error-end-before-start = La fin doit être après le début.
events-admin-error-closes-before-opens = La clôture doit être après l’ouverture.
events-admin-error-capacity = Saisissez un nombre de places entre 0 et 100 000.
events-admin-error-capacity-below = Impossible : il y a déjà plus de places confirmées. Annulez d’abord des inscriptions ou choisissez un nombre plus grand.
events-admin-error-partner-seats = Saisissez un nombre entre 0 et le nombre de places.
events-admin-error-offer-hours = Saisissez un délai entre 1 et 720 heures.
events-admin-error-waitlist = Choisissez ce qui se passe quand une place se libère.
events-admin-error-reminder = Saisissez un nombre d’heures entre 0 et 720.
events-admin-error-retention = Saisissez un nombre de jours entre 1 et 3 650.
events-admin-error-status = Choisissez un état.

## Inscriptions
events-admin-registrations-title = Inscriptions – { $title }
events-admin-exports = Exports
events-admin-export-csv = Tableau CSV (pour Excel ou LibreOffice)
events-admin-export-xlsx = Classeur Excel (.xlsx)
events-admin-export-sheet = Feuille d’émargement (PDF)
events-admin-filter = Afficher
events-admin-filter-all = Toutes les inscriptions
events-admin-filter-submit = Filtrer
events-admin-state-confirmed = Confirmée
events-admin-state-offered = Place proposée
events-admin-state-waiting = En liste d’attente
events-admin-state-cancelled = Annulée
events-admin-bookings-count = { $count ->
    [0] Aucune inscription
    [one] 1 inscription
   *[other] { $formatted } inscriptions
}
events-admin-no-bookings = Personne ne s’est encore inscrit.
events-admin-col-booking = N° d’inscription
events-admin-col-state = Statut
events-admin-col-position = Rang d’attente
events-admin-col-attendee = Participant ou participante
events-admin-col-attendees = Participants
events-admin-col-contact = Contact
events-admin-col-email = E-mail
events-admin-col-seats = Places
events-admin-col-accessibility = Besoins d’accessibilité
events-admin-col-partner = Partenaire
events-admin-col-date = Inscrit le
events-admin-col-answers = Réponses
events-admin-col-actions = Actions
events-admin-position = Rang { $position }
events-admin-offered-until = À accepter avant le { $date }
events-admin-partner = Place partenaire
events-admin-needs = Besoin signalé :
events-admin-seats = { $count ->
    [one] 1 place
   *[other] { $formatted } places
}
events-admin-yes = Oui
events-admin-no = Non
events-admin-cancel-booking = Annuler l’inscription
events-admin-cancel-title = Annuler une inscription
events-admin-cancel-question = Annuler l’inscription { DE($name) } ? La personne sera prévenue par e-mail et ses places iront à la liste d’attente.
events-admin-cancel-confirm = Oui, annuler l’inscription
events-admin-cancel-back = Non, revenir aux inscriptions

## Feuille d’émargement
events-admin-sheet-heading = Feuille d’émargement
events-admin-sheet-number = N°
events-admin-sheet-name = Nom
events-admin-sheet-signature = Signature
events-admin-sheet-page = Page
events-admin-sheet-none = Aucune inscription confirmée.

## Messages
events-admin-messages-title = Messages – { $title }
events-admin-message-new = Écrire aux personnes inscrites
events-admin-message-hint = Un e-mail part pour chaque inscription concernée, avec le lien vers l’inscription. Texte simple, sans mise en forme.
events-admin-field-audience = Destinataires
events-admin-audience-confirmed = Les inscriptions confirmées
events-admin-audience-waiting = La liste d’attente
events-admin-audience-all = Les deux
events-admin-field-subject = Objet
events-admin-field-body = Message
events-admin-message-send = Envoyer le message
events-admin-message-history = Messages envoyés
events-admin-col-recipients = Destinataires
events-admin-col-sent = Envoyé le
events-admin-error-audience = Choisissez les destinataires.

## Questions
events-admin-tab-questions = Questions
events-admin-questions-title = Questions – { $title }
events-admin-questions-intro = Les questions posées dans le formulaire d’inscription, dans cet ordre. Une question peut n’apparaître que selon la réponse à une question précédente.
events-admin-questions = Questions posées
events-admin-question-new = Ajouter une question
events-admin-question-edit = Modifier la question
events-admin-question-label = Question
events-admin-question-help = Aide (facultatif)
events-admin-question-kind = Type de réponse
events-admin-question-choices = Options
events-admin-question-choices-hint = Pour une liste de choix : une option par ligne, au moins deux.
events-admin-question-required = Réponse obligatoire
events-admin-question-required-short = obligatoire
events-admin-question-condition-legend = Condition d’affichage
events-admin-question-condition = Afficher seulement si la question
events-admin-question-condition-value = a pour réponse
events-admin-question-always = Toujours afficher
events-admin-question-delete-question = Supprimer la question « { $label } » et les réponses déjà données ?
events-admin-question-move-refused = Déplacement impossible : une question doit rester après celle dont elle dépend.
events-admin-edit = Modifier
events-admin-move-up = Monter
events-admin-move-down = Descendre
events-admin-error-question-kind = Choisissez un type de réponse.
events-admin-error-question-choices = Donnez au moins deux options, une par ligne.
events-admin-error-question-condition = Choisissez une question placée avant celle-ci.
events-admin-error-question-condition-value = Choisissez la question et la réponse attendue, ou aucune des deux.
events-admin-error-question-max = Un événement peut poser 30 questions au plus.

## Programme
events-admin-tab-programme = Programme
events-admin-programme-title = Programme – { $title }
events-admin-slots = Créneaux
events-admin-slot-new = Ajouter un créneau
events-admin-slot-edit = Modifier le créneau
events-admin-slot-room = Salle
events-admin-slot-kind = Type de créneau
events-admin-slot-kind-talk = Conférence
events-admin-slot-kind-workshop = Atelier
events-admin-slot-kind-round-table = Table ronde
events-admin-slot-kind-break = Pause
events-admin-slot-kind-welcome = Accueil
events-admin-slot-capacity = Places de l’atelier
events-admin-slot-capacity-hint = Facultatif, pour un atelier à places limitées ; jamais moins que les places déjà prises.
events-admin-slot-people = Intervenants
events-admin-slot-speakers = Intervenants
events-admin-slot-moderators = Modération
events-admin-slot-people-hint = Une personne par ligne : Nom ; fonction ; organisation (fonction et organisation facultatives).
events-admin-slot-delete-refused = Ce créneau a déjà des inscriptions : il n’a pas été supprimé.
events-admin-error-slot-kind = Choisissez un type de créneau.
events-admin-error-slot-capacity-below = Impossible : des places de ce créneau sont déjà prises au-delà de ce nombre.
events-admin-error-people = Une personne par ligne, avec au moins un nom, et au plus deux points-virgules.
events-admin-error-partner-below = Impossible : des partenaires ont déjà pris plus de places réservées. Annulez d’abord des inscriptions de partenaires ou choisissez un nombre plus grand.
events-dash-waiting-events = { $count ->
    [one] événement à venir avec une liste d’attente
   *[other] événements à venir avec une liste d’attente
}
events-dash-drafts = { $count ->
    [one] événement en brouillon
   *[other] événements en brouillon
}
events-dash-bookings-week = { $count ->
    [one] inscription
   *[other] inscriptions
}
events-dash-seats-week = { $count ->
    [one] place confirmée
   *[other] places confirmées
}
events-dash-cancellations-week = { $count ->
    [one] annulation
   *[other] annulations
}
events-dash-seats = { $count ->
    [one] 1 place
   *[other] { $formatted } places
}
events-dash-upcoming = Prochains événements
events-dash-all = Tous les événements
events-dash-recent = Dernières inscriptions
events-admin-sheet = Inscriptions
