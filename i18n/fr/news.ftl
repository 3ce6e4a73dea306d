home-title = Accueil
home-latest = Dernières actualités
home-all-news = Toutes les actualités
home-clubs = Les clubs du réseau
home-find-club = Trouver un club
home-about = Qui sommes-nous ?
home-partners-title = Entreprises, collectivités, fondations : agissez avec nous
home-partners-text = Mécénat financier ou de compétences, ateliers, mentorat : nos partenaires font vivre le réseau au plus près des jeunes.
home-partners-link = Découvrir nos partenaires
news-list-title = Liste des actualités
news-title = Actualités
news-archive-intro = Toutes les actualités du réseau, des plus récentes aux plus anciennes.
news-page = Page {$count}
news-empty = Aucune actualité pour le moment.
news-read-more = Lire la suite
news-published-on = Publié le
news-by = par
news-in-club = Club
news-categories = Catégories
news-tags = Étiquettes
news-contacts = Contacts
news-previous = Article précédent
news-next = Article suivant
news-featured = À la une
news-category-title = Catégorie : {$name}
news-tag-title = Étiquette : {$name}
news-month-title = Archives : {$name}
news-club-title = Actualités : {$name}
news-feed = S’abonner au flux Atom
news-months = Archives par mois
news-categories-all = Toutes les catégories
news-download = Télécharger
pager-label = Pagination
pager-previous = Précédent
pager-next = Suivant
pager-page = Page {$count}
pager-current = Page {$count}, page actuelle
comments-count = { $count ->
    [0] Aucun commentaire
    [one] {$count} commentaire
   *[other] {$formatted} commentaires
}
comments-title = Commentaires
comments-none = Aucun commentaire pour le moment.
comments-closed = Les commentaires sont fermés pour cet article.
comments-reply = Répondre
comments-reply-to = Réponse à {$name}
comments-form-title = Laisser un commentaire
comments-form-intro = Votre adresse e-mail ne sera pas publiée. Les commentaires sont relus avant publication.
comments-name = Nom
comments-email = E-mail
comments-body = Commentaire
comments-parent = En réponse à
comments-parent-none = Nouveau commentaire
comments-honeypot = Ne remplissez pas ce champ
comments-submit = Publier le commentaire
comments-pending = Merci ! Votre commentaire a bien été reçu : il sera publié après relecture.
comments-published = Merci ! Votre commentaire est publié.
comments-error-body = Écrivez votre commentaire.
comments-error-name = Indiquez votre nom.
comments-said = a écrit le
comments-anonymous = Anonyme
search-title = Recherche
search-page-form = Nouvelle recherche
search-page-label = Mots à rechercher
search-results-for = Résultats pour « {$query} »
search-count = { $count ->
    [0] Aucun résultat
    [one] {$count} résultat
   *[other] {$formatted} résultats
}
search-count-more = Plus de {$formatted} résultats, classés parmi les {$formatted} plus récents
search-empty-query = Saisissez un ou plusieurs mots.
search-no-results = Aucun contenu ne correspond à votre recherche. Essayez d’autres mots.
search-page = Page
sitemap-title = Plan du site
sitemap-pages = Pages
news-preview-notice = Aperçu : ce contenu n’est pas encore publié.
