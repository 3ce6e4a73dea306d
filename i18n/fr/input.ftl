# Input checks: the shared value types (src/core/values.rs), conflicts, limits
field-phone = Saisissez un numéro de téléphone valable, par exemple 01 23 45 67 89 ou +44 20 7946 0958.
field-end-before-start = La fin doit être après le début.
