# Youth programs: the staff's back office, the application form, attendance and mentoring.

programs-admin-title = Programmes jeunesse
programs-admin-none = Aucune promotion de votre club pour l’instant.
programs-admin-cohorts = Les promotions que vous suivez
programs-admin-cohort = Promotion
programs-admin-club = Club
programs-admin-year = Année scolaire
programs-admin-applied = Candidatures
programs-admin-waiting = En liste d’attente
programs-admin-selected = Retenues
programs-admin-enrolled = Inscrites (autorisations complètes)
programs-admin-schools = Actions en milieu scolaire
programs-admin-reports = Rapports
programs-admin-capacity = { $n } places
programs-admin-enrolled-n = { $count ->
    [0] aucune inscrite
    [one] 1 inscrite
   *[other] { $count } inscrites
}
programs-admin-mentors = Mentors
programs-admin-export-csv = Exporter la liste (CSV)
programs-admin-export-xlsx = Exporter la liste (XLSX)
programs-admin-applicants = Candidatures à examiner
programs-admin-no-applicants = Aucune candidature en attente.
programs-admin-select-hint = « Retenir » envoie aussitôt par courriel les demandes d’autorisation (au responsable légal, et à la jeune si elle a moins de 15 ans). Une promotion complète n’accepte plus de sélection : mettez en liste d’attente.
programs-admin-participants = Participantes retenues
programs-admin-no-participants = Aucune participante retenue pour l’instant.
programs-admin-others = Candidatures refusées ou retirées
programs-admin-place-all = Inscrire les participantes aux séances à venir
programs-admin-place-one = Inscrire aux séances à venir
programs-admin-sessions = Séances du parcours
programs-admin-session = Séance
programs-admin-when = Date
programs-admin-placed-col = Inscrite
programs-admin-placed = { $count ->
    [0] personne d’inscrit
    [one] 1 inscrite
   *[other] { $count } inscrites
}
programs-admin-attendance-take = Saisir les présences
programs-admin-attendance-list = Liste des inscrites
programs-admin-name = Nom
programs-admin-age = Âge à l’entrée
programs-admin-years = { $count ->
    [one] 1 an
   *[other] { $count } ans
}
programs-admin-status = Statut
programs-admin-consents = Autorisations
programs-admin-consent-complete = Complètes
programs-admin-consent-pending = En attente d’autorisation
programs-admin-consent-replaced = remplacée ou retirée
programs-admin-missing-guardian = autorisation du responsable légal
programs-admin-missing-own = accord de la jeune
programs-admin-applied-by = Déposée par
programs-admin-actions = Décision
programs-admin-attendance = Présence
programs-admin-track = Parcours
programs-admin-mentor = Mentor
programs-admin-select = Retenir
programs-admin-wait = Liste d’attente
programs-admin-decline = Refuser
programs-admin-progress = { $attended } séance(s) suivie(s) sur { $held } déjà tenue(s)
programs-admin-identity = Coordonnées
programs-admin-no-consent = Aucune réponse pour l’instant.
programs-admin-path = Parcours et présences
programs-admin-pending-title = En attente d’autorisation : elle ne peut être inscrite à aucune séance, ni accompagnée par un mentor.
programs-admin-pending-help = Les liens d’autorisation ont été envoyés par courriel ; la personne concernée peut aussi les redemander depuis la page « Mes liens ».
programs-admin-no-mentor = Pas de mentor pour l’instant.
programs-admin-pair = Mentor de la participante
programs-admin-unpair = Aucun mentor
programs-admin-pair-save = Enregistrer
programs-admin-meetings = Rencontres consignées (notes visibles de l’équipe seulement)
programs-admin-pictures = Photos
programs-admin-pictures-help = Les photos de la médiathèque où elle apparaît. Sans droit à l’image, ou s’il est retiré, elles sont aussitôt retirées du site public et signalées ici pour suppression.
programs-admin-picture-removal = à supprimer depuis le { $date } (droit à l’image absent ou retiré)
programs-admin-picture-link = Photo de la médiathèque
programs-admin-picture-add = Lier la photo
programs-admin-flash-selected = Candidature retenue : les demandes d’autorisation sont parties par courriel.
programs-admin-flash-status = Statut enregistré.
programs-admin-flash-paired = Mentor enregistré.
programs-admin-flash-unpaired = Le mentorat a pris fin.
programs-admin-flash-mentor = Le lien personnel du mentor lui a été envoyé par courriel.
programs-admin-flash-picture = Photo liée.
programs-admin-flash-placed = { $count ->
    [0] Aucune nouvelle inscription.
    [one] 1 inscription à une séance ajoutée.
   *[other] { $count } inscriptions à des séances ajoutées.
}
programs-admin-error-full = La promotion est complète : mettez la candidature en liste d’attente, ou libérez une place.
programs-admin-error-pending = Inscription impossible : une autorisation requise manque encore.
programs-admin-error-pair = Mentorat impossible : la participante n’est pas retenue ou une autorisation requise manque.
programs-admin-error-picture = Choisissez une image de la médiathèque.
programs-status-applied = Candidature reçue
programs-status-waiting = Liste d’attente
programs-status-selected = Retenue
programs-status-declined = Refusée
programs-status-withdrawn = Retirée
programs-track-completed = Parcours validé
programs-track-on_track = En bonne voie
programs-track-off_track = Parcours compromis
programs-applied-by-self = par la jeune
programs-applied-by-parent = par un parent
programs-applied-by-staff = par l’équipe
programs-yes = oui
programs-no = non

programs-gender-girl = Fille
programs-gender-boy = Garçon
programs-gender-other = Autre
programs-gender-unsaid = Ne souhaite pas le dire

programs-apply-title = Candidater : { $program }
programs-apply-lead = La candidature peut être déposée par la jeune elle-même ou par un parent. L’équipe du club vous répond par courriel.
programs-apply-privacy = Ces informations ne sont vues que par l’équipe du club choisi et l’administration du réseau. Elles sont anonymisées deux ans après la fin de la promotion.
programs-apply-form = Votre candidature
programs-apply-closed = Aucune promotion n’accepte de candidature pour l’instant.
programs-apply-cohort = Club et promotion
programs-apply-cohort-choice = { $club } · { $cohort } (début le { $date })
programs-apply-who = Qui remplit ce formulaire ?
programs-apply-who-self = La jeune elle-même
programs-apply-who-parent = Un parent ou responsable légal
programs-apply-young = La jeune
programs-apply-first-name = Prénom
programs-apply-last-name = Nom
programs-apply-birth = Date de naissance
programs-apply-birth-help = Le programme accueille les jeunes de { $min } à { $max } ans au premier jour de la promotion. Format AAAA-MM-JJ.
programs-apply-gender = Genre
programs-apply-email = Adresse électronique de la jeune
programs-apply-email-help = Nécessaire pour les moins de 15 ans, qui donnent aussi leur propre accord.
programs-apply-phone = Téléphone de la jeune
programs-apply-guardian-section = Responsable légal
programs-apply-guardian-help = Pour les moins de 18 ans : l’autorisation de participer lui sera demandée par courriel.
programs-apply-guardian = Nom du responsable légal
programs-apply-guardian-email = Adresse électronique du responsable légal
programs-apply-motivation-section = Motivation
programs-apply-motivation = Pourquoi rejoindre le programme ?
programs-apply-motivation-help = Quelques lignes suffisent.
programs-apply-send = Envoyer la candidature
programs-apply-error-age = Le programme accueille les jeunes de { $min } à { $max } ans au premier jour de la promotion ({ $date }) ; âge à cette date : { $age } ans.
programs-apply-error-guardian = Indiquez le nom du responsable légal (obligatoire avant 18 ans).
programs-apply-error-guardian-email = Indiquez l’adresse du responsable légal : l’autorisation lui sera demandée par courriel.
programs-apply-error-own-email = Avant 15 ans, la jeune donne aussi son propre accord : indiquez son adresse électronique.
programs-apply-error-email = Indiquez une adresse électronique pour vous répondre.
programs-apply-error-long = Cette réponse est trop longue.
programs-apply-error-twice = Une candidature à cette promotion existe déjà pour cette jeune.
programs-apply-thanks-title = Candidature envoyée
programs-apply-thanks = Merci ! La candidature au programme { $program } est bien arrivée.
programs-apply-thanks-next = Un courriel de confirmation vient de partir. L’équipe du club étudie les candidatures et vous répond ; si la candidature est retenue, l’autorisation du responsable légal est demandée par courriel.
programs-apply-back = Retour au programme { $program }
programs-apply-mail-subject = Candidature reçue : { $program }
programs-apply-mail-body = Nous avons bien reçu la candidature de { $name } au programme { $program } ({ $cohort }).
programs-apply-mail-next = L’équipe du club étudie les candidatures et vous répond par courriel. Si elle est retenue, un lien vous sera envoyé pour donner les autorisations nécessaires.

programs-attendance-title = Présences : { $session }
programs-attendance-help = Heure d’arrivée et de départ (HH:MM), ou absence excusée. Laissez vide une personne absente.
programs-attendance-empty = Personne n’est inscrit à cette séance.
programs-attendance-arrived-label = Arrivée
programs-attendance-left-label = Départ
programs-attendance-excused-label = Absence excusée
programs-attendance-save = Enregistrer les présences
programs-attendance-none = Pas encore saisie
programs-attendance-excused = Absence excusée
programs-attendance-absent = Absente
programs-attendance-arrived = Arrivée à { $from }
programs-attendance-span = { $from } – { $to } ({ $minutes } min)
programs-attendance-error-time = Indiquez une heure au format HH:MM, par exemple 14:05.
programs-attendance-error-order = L’heure de départ doit suivre l’heure d’arrivée.
programs-attendance-error-no-arrival = Indiquez aussi l’heure d’arrivée.
programs-attendance-error-excused = Une absence excusée n’a pas d’heure d’arrivée.

programs-mentors-title = Mentors · { $cohort }
programs-mentors-help = Chaque mentor reçoit un lien personnel : il y voit le prénom des participantes qu’il accompagne, jamais leur nom ni leurs coordonnées, et y consigne ses rencontres. Le contact passe par l’équipe du club.
programs-mentors-none = Aucun mentor pour l’instant.
programs-mentors-resend = Renvoyer son lien
programs-mentors-add = Ajouter un mentor
programs-mentors-name = Nom du mentor
programs-mentors-email = Adresse électronique du mentor
programs-mentors-save = Ajouter et envoyer son lien
programs-mentor-title = Mon mentorat
programs-mentor-lead = Bonjour { $name } : voici les participantes que vous accompagnez.
programs-mentor-privacy = Pour les joindre, passez par l’équipe du club :
programs-mentor-none = Aucune participante à accompagner pour l’instant.
programs-mentor-meetings = { $count } rencontre(s), { $hours } h { $minutes }
programs-mentor-log = Consigner une rencontre avec { $name }
programs-mentor-date = Date de la rencontre
programs-mentor-minutes = Durée (minutes)
programs-mentor-note = Note pour l’équipe
programs-mentor-note-hint = Seule l’équipe du club la lit ; la participante ne la voit pas.
programs-mentor-save = Enregistrer la rencontre
programs-mentor-logged = Rencontre enregistrée. Merci !
programs-mentor-error-date = Indiquez une date au format AAAA-MM-JJ.
programs-mentor-error-future = La rencontre ne peut pas être dans le futur.
programs-mentor-error-minutes = Indiquez une durée en minutes, entre 1 et 1 440.
programs-mentor-link-label = Mentorat ({ $club })
programs-mentor-mail-subject = Votre mentorat avec { $club }
programs-mentor-mail-hello = Bonjour { $name },
programs-mentor-mail-body = Merci d’accompagner une participante du club { $club }. Votre lien personnel, pour voir qui vous accompagnez et consigner vos rencontres :
programs-mentor-mail-privacy = Ce lien est personnel : ne le transférez pas.

audit-action-programs-cohort-view = Programmes : promotion consultée
audit-action-programs-participant-view = Programmes : fiche d’une participante consultée
audit-action-programs-attendance-view = Programmes : présences d’une séance consultées
audit-action-programs-api-view = Programmes : données de participantes lues par l’API
programs-api-error-not-placed = Cette personne n’est pas inscrite à la séance.
programs-api-error-datetime = Indiquez une date et une heure RFC 3339, par exemple 2026-12-02T14:02:00+01:00.
programs-apply-cta = Candidater

programs-planning-new = Ouvrir une promotion
programs-planning-help = Le club reçoit le parcours type du programme : une séance toutes les quatre semaines à partir de la première, que vous adaptez ensuite (dates, lieux, intervenants) et complétez.
programs-planning-program = Programme
programs-planning-capacity = Nombre de places
programs-planning-starts = Premier jour de la promotion
programs-planning-ends = Dernier jour de la promotion
programs-planning-first = Date et heure de la première séance
programs-planning-first-hint = Les séances suivantes sont placées toutes les quatre semaines, le même jour à la même heure.
programs-planning-year-hint = Par exemple 2027-2028.
programs-planning-create = Ouvrir la promotion
programs-planning-label = Promotion { $year }
programs-planning-adapt = Adapter
programs-planning-new-session = Ajouter une séance
programs-planning-edit-session = Adapter la séance
programs-planning-kind = Type de séance
programs-planning-session-starts = Début
programs-planning-session-ends = Fin
programs-planning-place = Lieu
programs-planning-lead = Animée par
programs-planning-save = Enregistrer la séance
programs-planning-error-program = Choisissez un programme.
programs-planning-error-club = Choisissez un club dont vous êtes administrateur.
programs-planning-error-year = Indiquez l’année scolaire sous la forme 2027-2028.
programs-planning-error-capacity = Indiquez un nombre de places entre 1 et 500.
programs-planning-error-date = Indiquez une date qui existe, au format AAAA-MM-JJ.
programs-planning-error-datetime = Indiquez une date et une heure.
programs-planning-error-order = La fin doit suivre le début.
programs-planning-error-taken = Ce club a déjà une promotion de ce programme pour cette année scolaire.
programs-planning-error-kind = Choisissez un type de séance.
