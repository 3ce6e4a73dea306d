# Access links: the "send me my link again" page, its e-mail, and the page of a link that no
# longer opens.
access-title = Recevoir à nouveau mon lien
access-intro = Vous avez réservé ou vous participez sans compte et vous ne retrouvez plus le lien personnel reçu par courriel ? Indiquez votre adresse : nous vous enverrons vos liens encore valides.
access-email = Votre adresse électronique
access-submit = Envoyer mes liens
access-sent = Si cette adresse est connue, un message vient de lui être envoyé avec vos liens personnels encore valides. Pensez à regarder dans les courriers indésirables.
access-email-invalid = Indiquez une adresse électronique valide, par exemple nom@exemple.fr.
access-throttled = { $count ->
    [one] Trop de demandes. Réessayez dans une minute.
   *[other] Trop de demandes. Réessayez dans { $count } minutes.
}
access-mail-subject = Vos liens personnels
access-mail-lead = Vous avez demandé à recevoir à nouveau vos liens personnels. Les voici :
access-mail-footer = Ces liens sont personnels : ne les transmettez pas. Si vous n’avez rien demandé, vous pouvez ignorer ce message.
access-link-gone = Ce lien ne fonctionne plus.
access-link-gone-help = Le lien a peut-être expiré ou été révoqué, ou il a été mal copié. Vous pouvez recevoir à nouveau vos liens personnels encore valides par courriel.
access-lost-link = Lien personnel perdu ?
access-lost-link-action = Recevoir à nouveau mon lien
access-keep-link = Cette page n’est accessible que par le lien personnel reçu par courriel : gardez ce message. Lien perdu ?
people-kind-access-links = Liens personnels envoyés (accès sans compte)
