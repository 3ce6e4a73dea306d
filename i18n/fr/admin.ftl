admin-dashboard = Tableau de bord
admin-posts = Articles
admin-pages = Pages
admin-media = Médias
admin-comments = Commentaires
admin-network = Réseau
admin-view-site = Voir le site
admin-menu-compact = Menu
login-title = Connexion à l’espace équipe
login-email = Adresse e-mail
login-password = Mot de passe
login-submit = Se connecter
login-failed = Adresse e-mail ou mot de passe incorrect.
login-throttled = Trop de tentatives. Réessayez dans {$count} secondes.
login-no-access = Votre compte n’a pas accès à l’espace équipe.
admin-no-access-title = Accès réservé à l’équipe
admin-no-access = Vous êtes connecté·e, mais votre compte n’a pas accès à l’espace équipe. Si vous pensez que c’est une erreur, contactez l’administrateur de votre club.
admin-none = Rien pour le moment.
admin-all-posts = Tous les articles
admin-drafts = Brouillons
admin-scheduled = Publications programmées
admin-latest = Derniers articles
admin-pending-count = { $count ->
    [0] Aucun commentaire en attente
    [one] {$count} commentaire en attente de modération
   *[other] {$formatted} commentaires en attente de modération
}
admin-categories = Catégories et étiquettes
admin-category-new = Nouvelle catégorie
admin-category-edit = Modifier la catégorie
admin-col-title = Titre
admin-col-state = État
admin-col-club = Club
admin-col-date = Date de publication
admin-col-author = Auteur
admin-col-post = Article
admin-col-posts = Articles
admin-col-actions = Actions
admin-state-published = Publié
admin-state-scheduled = Programmé
admin-state-draft = Brouillon
admin-network-wide = Tout le réseau
admin-post-new = Nouvel article
admin-post-edit = Modifier l’article
admin-page-new = Nouvelle page
admin-page-edit = Modifier la page
admin-view-public = Voir la page publique
admin-field-title = Titre
admin-field-slug = Adresse (slug)
admin-field-slug-hint = Laissez vide pour la créer à partir du titre. Lettres minuscules sans accents, chiffres et tirets.
admin-field-club = Club
admin-field-parent = Page parente
admin-parent-none = Aucune (page de premier niveau)
admin-field-format = Format du texte
admin-format-markdown = Éditeur simple (Markdown)
admin-format-html = HTML (nettoyé à l’enregistrement)
admin-field-body = Texte
admin-field-body-hint = En Markdown : ## pour un intertitre, - pour une liste, [texte](adresse) pour un lien, une adresse de vidéo seule sur sa ligne pour l’intégrer.
admin-field-excerpt = Résumé
admin-field-excerpt-hint = Facultatif : sinon, le début du texte.
admin-field-image = Image principale
admin-field-image-library = Choisir dans la médiathèque
admin-image-none = Aucune image
admin-field-image-upload = Ou envoyer une nouvelle image
admin-field-tags-hint = Séparées par des virgules, par exemple : emploi, numérique.
admin-field-options = Options
admin-field-featured = À la une
admin-field-comments-closed = Fermer les commentaires
admin-field-publication = Publication
admin-publish-draft = Brouillon
admin-publish-publish = Publier
admin-field-date = Date et heure de publication
admin-field-date-hint = Heure de Paris. Une date future programme la publication ; vide, l’article est publié tout de suite.
admin-field-name = Nom
admin-field-description = Description
admin-error-club = Choisissez un club pour lequel vous pouvez publier.
admin-save = Enregistrer
admin-preview = Aperçu
admin-preview-banner = Aperçu : ce contenu n’est pas enregistré. Voici comment il apparaîtra.
admin-other-actions = Autres actions
admin-unpublish = Dépublier (repasser en brouillon)
admin-delete = Supprimer
admin-delete-confirm = Oui, supprimer définitivement
admin-delete-question = Supprimer définitivement « {$name} » ? Cette action est irréversible.
admin-confirm-title = Confirmer la suppression
admin-cancel = Annuler
admin-flash-saved = Modifications enregistrées.
admin-flash-deleted = Élément supprimé.
admin-flash-unpublished = Contenu repassé en brouillon : il n’est plus visible sur le site.
admin-flash-uploaded = Fichier ajouté à la médiathèque.
admin-flash-moderated = Modération enregistrée.
admin-comments-pending = En attente
admin-comments-approved = Approuvés
admin-comments-spam = Indésirables
admin-comments-filter = Filtrer les commentaires
admin-comments-nothing = Choisissez une action et au moins un commentaire.
admin-bulk-action = Action sur les commentaires cochés
admin-apply = Appliquer
admin-approve = Approuver
admin-spam = Indésirable
admin-select = Sélectionner
media-upload-title = Ajouter un fichier
media-file = Fichier (image JPEG, PNG, GIF, WebP ou document PDF)
media-file-hint = 20 Mo au plus. Les images sont redimensionnées et leurs métadonnées (EXIF, position) supprimées.
media-alt = Texte alternatif
media-alt-hint = Obligatoire pour une image : décrivez ce qu’elle montre à qui ne la voit pas.
media-upload = Envoyer
media-library = Médiathèque
media-error-empty = Choisissez un fichier à envoyer.
media-error-too-large = Ce fichier est trop volumineux (20 Mo au plus).
media-error-type = Ce type de fichier n’est pas accepté : seulement des images JPEG, PNG, GIF, WebP ou des documents PDF.
media-error-corrupt = Ce fichier est abîmé ou illisible.
media-error-not-image = Choisissez une image (JPEG, PNG, GIF ou WebP).
media-error-alt = Décrivez l’image dans le texte alternatif.

## Import from WordPress
admin-import = Import
import-title = Importer depuis WordPress
import-intro = Envoyez l’export de votre site WordPress (Outils › Exporter › Tout le contenu). Les articles, pages, catégories, étiquettes, médias et commentaires sont repris, et les anciennes adresses redirigent vers les nouvelles. Importer à nouveau le même fichier ne crée pas de doublons.
import-upload-title = Envoyer un export
import-file = Fichier d’export WordPress (XML)
import-file-hint = Le fichier .xml produit par WordPress, 20 Mo au plus.
import-club = Club
import-dry-run = Essai à blanc
import-dry-run-short = essai à blanc
import-dry-run-hint = Montre ce que l’import ferait, sans rien enregistrer.
import-dry-run-note = Essai à blanc : rien n’a été enregistré.
import-start = Lancer l’import
import-reports = Rapports des imports précédents
import-col-date = Date
import-col-file = Fichier
import-col-kind = Contenu
import-created = Créés
import-updated = Mis à jour
import-unchanged = Inchangés
import-skipped = Ignorés
import-warnings = Avertissements
import-total = Total
import-error-no-file = Choisissez le fichier d’export à envoyer.
import-error-empty = Le fichier envoyé est vide.
import-error-not-xml = Ce fichier n’est pas du XML : envoyez le fichier .xml exporté par WordPress.
import-error-club = Choisissez un club de la liste.
import-job-title = Import en cours
import-progress = Avancement de l’import
import-phase-queued = En attente
import-phase-reading = Lecture du fichier
import-phase-media = Médias
import-phase-writing = Enregistrement du contenu
import-phase-done = Import terminé
import-phase-failed = Échec de l’import
import-failed-title = L’import a échoué
import-failed-nothing = Rien n’a été importé. Corrigez le fichier ou exportez-le à nouveau, puis recommencez.
import-again = Importer un autre fichier
import-summary = Résumé
import-open-report = Ouvrir le rapport complet
import-report-title = Rapport d’import : { $file }
import-kind-authors = Auteurs
import-kind-categories = Catégories
import-kind-tags = Étiquettes
import-kind-media = Médias
import-kind-posts = Articles
import-kind-pages = Pages
import-kind-comments = Commentaires
import-redirects = Anciennes adresses redirigées
import-other-types = Contenus d’autres types, non repris
import-no-warnings = Aucun avertissement.
import-warnings-author = Auteurs
import-warnings-category = Catégories
import-warnings-tag = Étiquettes
import-warnings-media = Médias
import-warnings-post = Articles
import-warnings-page = Pages
import-warnings-other = Autres
import-more-warnings = { $count ->
    [one] … et encore { $count } avertissement.
   *[other] … et encore { $count } avertissements.
}
import-back = Retour à l’import
admin-dash-attention = À traiter
admin-dash-attention-none = Rien à traiter pour le moment.
admin-dash-week = Les 7 derniers jours
admin-dash-pending-comments = { $count ->
    [one] commentaire à modérer
   *[other] commentaires à modérer
}
admin-dash-drafts = { $count ->
    [one] brouillon d’article
   *[other] brouillons d’articles
}
admin-dash-published-week = { $count ->
    [one] article publié
   *[other] articles publiés
}
admin-dash-comments-week = { $count ->
    [one] commentaire reçu
   *[other] commentaires reçus
}
