# calls
nav-calls = Appels et concours
calls-legal-association = Association
calls-legal-local-authority = Collectivité territoriale
calls-legal-cooperative = Coopérative
calls-legal-company = Entreprise
calls-error-siret-digits = Le SIRET compte 14 chiffres.
calls-error-siret-key = Ce SIRET n’existe pas : sa clé de contrôle ne correspond pas. Vérifiez les chiffres.
calls-error-rna = Le numéro RNA s’écrit W suivi de 9 chiffres (par exemple W751234567).
