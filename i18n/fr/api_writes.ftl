# Écritures sûres : remplacement complet (PUT), modification partielle (PATCH), versions.

api-error-stale = Ce contenu a été modifié depuis que vous l’avez lu (la version d’If-Match n’est plus la bonne). Relisez-le, puis réessayez.
api-error-missing-field = Un remplacement complet (PUT) demande ce champ ; pour ne changer que certains champs, utilisez PATCH.
admin-stale-notice = Quelqu’un d’autre a enregistré ce contenu pendant que vous le modifiiez. Rien n’a été enregistré : votre texte est ci-dessous, et sa version actuelle à côté pour fusionner.
admin-stale-theirs = Version enregistrée entre-temps
