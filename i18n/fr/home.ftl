# The home page and its blocks (src/modules/home). The home's older words (home-latest,
# home-clubs, home-partners-…) are in news.ftl.
home-default-title = Les actualités et les rendez-vous du réseau
home-figures-title = Le réseau en chiffres
home-events-title = Prochains événements
home-events-none = Aucun événement n’est annoncé pour le moment.
home-events-all = Tout l’agenda
home-clubs-all = Tous les clubs
home-clubs-other-region = Autres territoires
home-support-default-title = Nous soutenir
home-places-open = Inscriptions ouvertes
home-places-soon = Inscriptions bientôt ouvertes
home-places-cancelled = Annulé

home-admin-title = Page d’accueil
home-admin-intro = Composez la page d’accueil du site : choisissez les blocs affichés, leur ordre et leur contenu.
home-admin-view = Voir la page d’accueil
home-block-hero = Bandeau d’ouverture
home-block-figures = Chiffres clés
home-block-news = Actualités à la une
home-block-events = Prochains événements
home-block-clubs = Les clubs par région
home-block-partners = Partenaires
home-block-support = Bandeau de soutien ou lettre d’information
home-state-shown = Affiché
home-state-hidden = Masqué
home-move-up = Monter
home-move-down = Descendre
home-hide = Masquer
home-show = Afficher
home-edit = Modifier
home-save = Enregistrer
home-cancel = Annuler
home-flash-saved = Le bloc est enregistré.
home-flash-moved = La page d’accueil est mise à jour.
home-about-hero-default = Titre et texte par défaut : la devise du réseau.
home-about-support-empty = Aucun texte : le bandeau n’apparaît pas.
home-about-figures = { $count ->
    [0] Aucun chiffre : le bloc n’apparaît pas.
    [one] Un chiffre.
   *[other] {$formatted} chiffres.
}
home-about-news = { $count ->
    [one] La dernière actualité.
   *[other] Les {$formatted} dernières actualités.
}
home-about-news-pinned = { $count ->
    [one] L’actualité épinglée en tête, puis la dernière actualité.
   *[other] L’actualité épinglée en tête, puis les {$formatted} dernières.
}
home-about-events = { $count ->
    [one] Le prochain événement, avec les places restantes.
   *[other] Les {$formatted} prochains événements, avec les places restantes.
}
home-about-clubs = Les clubs du réseau, regroupés par région (leur territoire).
home-about-partners = Les logos des partenaires ; il remplace le bandeau des partenaires en bas de page.
home-field-title = Titre
home-field-text = Texte
home-field-picture = Image
home-field-link-label = Texte du lien
home-field-link-url = Adresse du lien
home-field-count = Nombre d’éléments
home-field-pinned = Mettre en tête la dernière actualité épinglée (« à la une »)
home-field-figure-value = Nombre
home-field-figure-label = Ce qu’il compte
home-figure-legend = Chiffre {$count}
home-no-picture = Aucune image
home-hint-hero-title = Le titre principal de la page. Laissé vide, c’est la devise du réseau.
home-hint-support-title = Par exemple : « Soutenez le réseau » ou « Recevez notre lettre ».
home-hint-picture = Choisie dans la médiathèque ; son texte alternatif est lu aux personnes aveugles.
home-hint-link = Une page du site (« /evenements ») ou une adresse web complète (« https://… »).
home-hint-count = De 1 à {$max} ; laissé vide, la valeur par défaut.
home-hint-figures = Jusqu’à six chiffres, par exemple « 1 200 » et « jeunes accompagnés ». Laissez une ligne vide pour ne pas l’afficher.
home-error-too-long = 120 caractères au plus.
home-error-text-too-long = 600 caractères au plus.
home-error-link = Indiquez une page du site commençant par « / » ou une adresse commençant par « https:// ».
home-error-link-pair = Le lien a besoin de son texte et de son adresse.
home-error-support-empty = Écrivez un titre ou un texte.
home-error-media = Choisissez une image de la médiathèque.
home-error-figure-number = Écrivez un nombre entier, par exemple « 1 200 ».
home-error-figure-missing = Écrivez le nombre de ce chiffre.
home-error-figure-label = Écrivez ce que compte ce nombre, par exemple « jeunes accompagnés ».
home-error-count = Écrivez un nombre entre 1 et 12.
