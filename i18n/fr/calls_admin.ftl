# calls_admin
# Le back-office des appels : liste, fiche, catégories, formulaire, étapes, candidatures, exports.

calls-admin-title = Appels et concours
calls-admin-call-nav = Pages de l’appel
calls-admin-tab-call = Fiche de l’appel
calls-admin-tab-categories = Catégories
calls-admin-tab-form = Formulaire
calls-admin-tab-stages = Étapes et grilles
calls-admin-tab-applications = Candidatures
