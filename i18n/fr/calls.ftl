# calls
nav-calls = Appels et concours
calls-legal-association = Association
calls-legal-local-authority = Collectivité territoriale
calls-legal-cooperative = Coopérative
calls-legal-company = Entreprise
calls-error-siret-digits = Le SIRET compte 14 chiffres.
calls-error-siret-key = Ce SIRET n’existe pas : sa clé de contrôle ne correspond pas. Vérifiez les chiffres.
calls-error-rna = Le numéro RNA s’écrit W suivi de 9 chiffres (par exemple W751234567).

# calls: apply (public pages, applying, districts, API)
calls-title = Appels à projets et concours
calls-intro = Les appels à projets et concours du réseau : candidatez en ligne, sans créer de compte.
calls-open = Ouverts
calls-open-empty = Aucun appel n’est ouvert en ce moment.
calls-closed = Clos
calls-closed-empty = Aucun appel clos en attente de résultats.
calls-results = Résultats
calls-results-empty = Aucun résultat publié pour l’instant.
calls-phase-open = Ouvert
calls-phase-upcoming = Bientôt ouvert
calls-phase-closed = Clos
calls-phase-results = Résultats publiés
calls-zone = heure de { $city }
calls-deadline = Clôture le { $when } ({ $zone })
calls-deadline-past = Clos depuis le { $when } ({ $zone })
calls-opens-on = Ouverture des candidatures le { $when }
calls-apply = Candidater
calls-closed-help = Les candidatures sont closes : le jury les examine. Les résultats seront publiés sur cette page.
calls-see-results = Voir les résultats
calls-rules = Règlement
calls-eligibility = Qui peut candidater ?
calls-categories = Catégories et prix
calls-sponsored-by = Catégorie soutenue par { $sponsor }
calls-prize = Prix
calls-ceremony = Remise des prix
calls-back = Tous les appels à projets
calls-back-to-call = Retour à l’appel « { $call } »
calls-start-title = Candidater : { $call }
calls-start-intro = Indiquez votre adresse e-mail : nous vous envoyons un lien personnel vers votre dossier de candidature. Vous pourrez le remplir en plusieurs fois, sans mot de passe.
calls-start-email = Adresse e-mail
calls-start-email-hint = Le lien vers votre dossier sera envoyé à cette adresse.
calls-start-name = Votre nom (facultatif)
calls-start-submit = Recevoir mon lien
calls-start-sent-title = Consultez votre messagerie
calls-start-sent = Si l’adresse est valide, un e-mail vient de vous être envoyé avec le lien vers votre dossier de candidature. Il peut mettre quelques minutes à arriver ; pensez à regarder dans les indésirables.
calls-start-no-mail = Rien reçu ?
calls-start-not-open = Cet appel n’accepte pas de candidatures en ce moment.
calls-start-throttled = Trop de demandes depuis cette adresse. Réessayez dans { $minutes } minutes.
calls-link-label = Ma candidature : { $call }
calls-link-label-ref = Ma candidature { $reference } : { $call }
calls-mail-hello = Bonjour,
calls-mail-link-subject = Votre dossier de candidature : { $call }
calls-mail-link-lead = Voici le lien personnel vers votre dossier de candidature à « { $call } » :
calls-mail-link-keep = Ce lien est personnel : gardez ce message et ne le transmettez pas. Votre brouillon est enregistré à chaque fois que vous cliquez sur « Enregistrer le brouillon ».
calls-mail-receipt-subject = Candidature reçue ({ $reference }) : { $call }
calls-mail-receipt-lead = Nous avons bien reçu votre candidature à « { $call } », le { $when }.
calls-mail-receipt-reference = Votre référence : { $reference }
calls-mail-receipt-summary = Ce que vous avez envoyé :
calls-mail-receipt-link = Suivez l’examen de votre candidature sur votre page :
calls-mail-withdrawn-subject = Candidature retirée ({ $reference }) : { $call }
calls-mail-withdrawn-text = Votre candidature { $reference } à « { $call } » a été retirée le { $when }. Elle ne sera pas examinée.
calls-application-title = Ma candidature : { $call }
calls-application-intro = Remplissez votre dossier à votre rythme : « Enregistrer le brouillon » garde tout ce que vous avez saisi, et vous pouvez revenir par le lien reçu par e-mail. Envoyez-le avant la clôture.
calls-draft-saved = Votre brouillon est enregistré.
calls-draft-closed = L’appel est clos depuis le { $when } ; votre brouillon est conservé mais ne peut plus être envoyé.
calls-submit-too-late = Trop tard : l’appel a été clos le { $when }. Votre candidature n’a pas été envoyée ; votre brouillon est conservé.
calls-section-organisation = Votre organisation
calls-section-contact = La personne à contacter
calls-section-project = Le projet
calls-section-places = Les lieux du projet
calls-section-form = Questions de l’appel
calls-choose = Choisir…
calls-optional = (facultatif)
calls-no-club = Aucun club en particulier
calls-priority-district = quartier prioritaire
calls-district-not-listed = Mon quartier n’est pas dans la liste
calls-no-districts = Le réseau n’a pas encore de liste de quartiers : écrivez-les ci-dessous.
calls-field-email = Adresse e-mail
calls-field-org-name = Nom de l’organisation
calls-field-org-legal-form = Forme juridique
calls-field-ids-hint = Indiquez le SIRET, ou le numéro RNA pour une association (l’un des deux suffit).
calls-field-org-siret = SIRET
calls-field-org-siret-hint = 14 chiffres, par exemple 732 829 320 00074.
calls-field-org-rna = Numéro RNA
calls-field-org-rna-hint = W suivi de 9 chiffres, par exemple W751234567.
calls-field-org-address = Adresse
calls-field-org-postcode = Code postal
calls-field-org-town = Commune
calls-field-contact-name = Nom et prénom
calls-field-contact-phone = Téléphone
calls-field-project-title = Titre du projet
calls-field-summary = Le projet en quelques lignes
calls-field-summary-hint = Ce que fait le projet, pour qui, et ce qu’il change (3 000 caractères au plus).
calls-field-category-id = Catégorie
calls-field-club-id = Club le plus proche
calls-field-project-url = Site du projet
calls-field-url-hint = Une adresse commençant par https://
calls-field-video-url = Vidéo de présentation
calls-field-video-hint = Un lien YouTube, Vimeo ou PeerTube, par exemple.
calls-field-district = Quartier où le projet est mené
calls-field-district-hint = Choisissez dans la liste du réseau, ou « Mon quartier n’est pas dans la liste ».
calls-field-district-other = Quartier non listé
calls-field-district-other-hint = Seulement si votre quartier n’est pas dans la liste : son nom et sa commune.
calls-field-reached = Quartiers touchés par le projet
calls-field-reached-other = Autres quartiers touchés
calls-field-reached-other-hint = Ceux qui ne sont pas dans la liste, un par ligne.
calls-error-required = Ce champ est obligatoire.
calls-error-too-long = Ce texte est trop long.
calls-error-legal-form = Choisissez la forme juridique de l’organisation.
calls-error-siret-or-rna = Indiquez le SIRET de l’organisation, ou son numéro RNA pour une association.
calls-error-category = Choisissez une catégorie.
calls-error-choice = Ce choix n’est pas dans la liste.
calls-error-district = Choisissez le quartier où le projet est mené, ou « Mon quartier n’est pas dans la liste ».
calls-error-district-other = Écrivez le nom du quartier.
calls-save-draft = Enregistrer le brouillon
calls-submit = Envoyer ma candidature
calls-submit-hint = Une fois envoyée, la candidature ne peut plus être modifiée ; vous pourrez la retirer jusqu’à la clôture.
calls-reference = Candidature envoyée : référence { $reference }
calls-submitted-at = Reçue le { $when }.
calls-sent-title = Ce que vous avez envoyé
calls-status-draft = Brouillon
calls-status-review = En cours d’examen.
calls-status-ineligible = Votre candidature n’a pas été retenue comme éligible.
calls-status-withdrawn = Candidature retirée le { $when }.
calls-outcome-laureate = Lauréat de la catégorie « { $category } » : félicitations !
calls-outcome-mention = Mention du jury : félicitations !
calls-outcome-nominee = Votre projet est nominé.
calls-outcome-not-selected = Votre projet n’a pas été retenu. Merci d’avoir candidaté.
calls-withdraw-heading = Retirer ma candidature
calls-withdraw-help = Jusqu’à la clôture, vous pouvez retirer votre candidature : elle ne sera pas examinée.
calls-withdraw-action = Retirer ma candidature
calls-withdraw-title = Retirer ma candidature : { $call }
calls-withdraw-warning = Votre candidature { $reference } ne sera pas examinée par le jury.
calls-withdraw-final = Ce retrait est définitif : vous ne pourrez pas la renvoyer.
calls-withdraw-keep = Garder ma candidature
calls-withdraw-submit = Oui, retirer ma candidature
calls-withdraw-too-late = L’appel est clos : une candidature ne peut plus être retirée.
calls-districts-title = Quartiers
calls-districts-intro = La liste des quartiers du réseau, parmi lesquels les candidats choisissent où leur projet est mené et les quartiers qu’il touche. Les quartiers prioritaires y sont signalés.
calls-districts-count = { $count ->
    [0] Aucun quartier
    [one] { $formatted } quartier
   *[other] { $formatted } quartiers
}
calls-districts-empty = Aucun quartier pour l’instant : ajoutez-en ou importez un fichier CSV.
calls-district-name = Nom
calls-district-town = Commune
calls-district-code = Code
calls-district-code-hint = Le code officiel s’il existe (par exemple QN07501M), facultatif.
calls-district-priority = Quartier prioritaire de la politique de la ville
calls-district-priority-col = Prioritaire
calls-district-actions = Actions
calls-district-edit = Modifier
calls-district-delete = Supprimer
calls-district-add = Ajouter un quartier
calls-district-add-submit = Ajouter le quartier
calls-district-save = Enregistrer
calls-district-cancel = Annuler
calls-district-added = Le quartier est ajouté.
calls-district-saved = Le quartier est enregistré.
calls-district-deleted = Le quartier est supprimé.
calls-district-edit-title = Modifier le quartier { $name }
calls-district-delete-title = Supprimer le quartier { $name } ?
calls-district-delete-warning = Les candidatures qui l’avaient choisi le perdront. Cette suppression est définitive.
calls-district-delete-submit = Supprimer le quartier
calls-district-code-taken = Un autre quartier a déjà ce code.
calls-district-name-taken = Un autre quartier de cette commune porte déjà ce nom.
calls-import-title = Importer un fichier CSV
calls-import-help = Un fichier CSV en UTF-8, séparé par des points-virgules ou des virgules, avec les colonnes code, nom, commune, prioritaire (oui ou non). La première ligne peut nommer les colonnes. Un quartier déjà présent (même code, ou même nom et commune) est mis à jour.
calls-import-file = Fichier CSV
calls-import-submit = Importer
calls-import-report = Résultat de l’import
calls-import-added = { $count ->
    [0] Aucun quartier ajouté,
    [one] { $formatted } quartier ajouté,
   *[other] { $formatted } quartiers ajoutés,
}
calls-import-updated = { $count ->
    [0] aucun mis à jour,
    [one] { $formatted } mis à jour,
   *[other] { $formatted } mis à jour,
}
calls-import-rejected = { $count ->
    [0] aucune ligne refusée.
    [one] { $formatted } ligne refusée :
   *[other] { $formatted } lignes refusées :
}
calls-import-line = Ligne { $formatted }
calls-import-error-encoding = Ce fichier n’est pas en UTF-8. Enregistrez-le en « CSV UTF-8 » depuis votre tableur, puis importez-le à nouveau.
calls-import-error-empty = Ce fichier est vide.
calls-import-error-too-many = Ce fichier a trop de lignes (20 000 au plus).
calls-import-error-no-file = Choisissez un fichier CSV.
calls-import-error-name = le nom du quartier manque.
calls-import-error-long = un champ est trop long (nom et commune : 200 caractères, code : 40).
calls-import-error-priority = la colonne « prioritaire » doit valoir oui, non, 1 ou 0.
calls-import-error-clash = le code désigne un quartier, le nom et la commune un autre ; rien n’est modifié.
people-kind-applications = Candidatures aux appels et concours
