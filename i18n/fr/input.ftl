# Input checks: the shared value types (src/core/values.rs), conflicts, limits
field-phone = Saisissez un numéro de téléphone valable, par exemple 01 23 45 67 89 ou +44 20 7946 0958.
field-end-before-start = La fin doit être après le début.
error-taken = Cette valeur est déjà utilisée.
field-taken = Cette valeur est déjà utilisée.
field-email-taken = Une personne a déjà un compte avec cette adresse e-mail. Son mot de passe et son rôle ne changent pas.
media-error-pixels = Cette image est trop grande : 40 millions de pixels au plus (par exemple 8 000 × 5 000). Réduisez-la avant de l’envoyer.
