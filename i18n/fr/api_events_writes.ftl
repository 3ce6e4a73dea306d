# Enregistrement d’un événement à partir d’une version dépassée (API If-Match, formulaire).
events-api-error-stale = L’événement a été enregistré par quelqu’un d’autre depuis votre lecture : rien n’a été modifié. Relisez-le (son nouvel ETag) et renvoyez votre modification.
events-admin-stale-title = Quelqu’un d’autre a enregistré cet événement entre-temps
events-admin-stale-text = Rien n’a été enregistré : ce que vous avez saisi est conservé ci-dessous. Voici ce que l’autre personne a enregistré, là où cela diffère de votre version. Enregistrer de nouveau remplacera sa version par la vôtre.
events-admin-stale-same = Sa version a les mêmes valeurs que la vôtre.
events-admin-stale-yes = Oui
events-admin-stale-no = Non
