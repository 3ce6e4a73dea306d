# Registration details: the organiser's questions, workshops, accessibility, changing a
# booking, and the booking e-mails (in the registrant's language).
events-booking-questions = Questions de l’organisateur
events-booking-workshops = Ateliers (facultatif)
events-booking-workshops-hint = Les places de chaque atelier sont limitées. Chaque participant de l’inscription y prend une place. Deux ateliers à la même heure ne peuvent pas être choisis ensemble.
events-booking-workshop-full = Complet
events-booking-a11y-routed = Ils leur sont envoyés par e-mail, pour qu’ils préparent votre accueil.
events-booking-a11y-unrouted = Ils les lisent dans la liste des inscriptions.
events-booking-error-workshop = Cet atelier n’existe pas pour cet événement.
events-booking-error-overlap = Deux des ateliers choisis ont lieu en même temps : n’en gardez qu’un.
events-booking-error-full = Un atelier choisi n’a plus assez de places pour votre inscription. Rien n’a été enregistré : choisissez un autre atelier ou retirez-le.
events-booking-answers = Vos réponses
events-booking-workshops-chosen = Ateliers
events-booking-changed = Votre inscription est modifiée. Un e-mail vous le confirme.
events-booking-change-title = Modifier l’inscription
events-booking-change-help = Vous pouvez corriger les noms des participants et vos réponses. Pour changer le nombre de places, annulez un participant ci-dessous ou faites une nouvelle inscription.
events-booking-change-submit = Enregistrer les modifications
events-booking-change-too-late = Cette inscription ne peut plus être modifiée : elle est annulée ou l’événement a commencé.
events-booking-remove-title = Annuler la place d’un participant
events-booking-remove-help = La place libérée revient à la première personne en attente. Les autres participants restent inscrits.
events-booking-remove-submit = Annuler la place { DE($name) }
events-mail-places = { $count ->
    [one] 1 place
   *[other] { $count } places
}
events-mail-hello = Bonjour { $name },
events-mail-when = Le { $date }
events-mail-where = Lieu : { $place }
events-mail-online = En ligne : { $url }
events-mail-link = Votre inscription, pour la consulter, la modifier ou l’annuler :
events-mail-ticket = Votre billet, à présenter à l’entrée : { $url }
events-mail-footer = Cet e-mail vous est envoyé suite à votre inscription ; il ne contient aucune publicité.
events-mail-confirmed-subject = Inscription confirmée : { $event }
events-mail-confirmed-lead = Votre inscription est confirmée ({ $places }).
events-mail-waiting-subject = Liste d’attente : { $event }
events-mail-waiting-lead = L’événement est complet : vous êtes sur la liste d’attente ({ $places }), en position { $position }. Vous recevrez un e-mail si une place se libère.
events-mail-promoted-subject = Une place s’est libérée : { $event }
events-mail-promoted-lead = Bonne nouvelle : une place s’est libérée, votre inscription est confirmée ({ $places }).
events-mail-cancelled-subject = Inscription annulée : { $event }
events-mail-cancelled-lead = Votre inscription est annulée.
events-mail-changed-subject = Inscription modifiée : { $event }
events-mail-changed-lead = Votre inscription a été modifiée ; elle compte maintenant { $places }.
events-mail-reminder-subject = Rappel : { $event }
events-mail-reminder-lead = Nous vous attendons bientôt : l’événement commence le { $date } ({ $places }).
events-mail-a11y-subject = Besoins d’accessibilité : { $name }, { $event }
events-mail-a11y-lead = Une inscription à « { $event } » (le { $date }) signale des besoins d’accessibilité :
events-mail-a11y-who = Inscription { DE($name) } ({ $email }), { $places }.
events-mail-a11y-admin = Toutes les inscriptions de l’événement :
events-mail-a11y-footer = Vous recevez cet e-mail en tant qu’organisateur de l’événement. Ces informations sont personnelles : ne les transmettez qu’aux personnes qui préparent l’accueil.
events-mail-offered-subject = Une place vous est proposée : { $event }
events-mail-offered-lead = Une place s’est libérée ({ $places }) : elle vous est réservée jusqu’au { $date }. Acceptez-la ou déclinez-la sur votre page personnelle ci-dessous ; sans réponse à temps, elle sera proposée à la personne suivante.
events-mail-offer-expired-subject = Place proposée expirée : { $event }
events-mail-offer-expired-lead = Le délai pour accepter la place qui vous était proposée est passé : votre inscription est annulée et la place est proposée à la personne suivante.
events-mail-event-changed-subject = Changement : { $event }
events-mail-event-changed-lead = L’organisateur a modifié l’événement : voici la date et le lieu à jour. Votre inscription est conservée ; l’invitation jointe remplace la précédente dans votre agenda.
events-mail-event-cancelled-subject = Événement annulé : { $event }
events-mail-event-cancelled-lead = L’organisateur a annulé l’événement. Nous sommes désolés pour la gêne occasionnée.
