# essaim : l’API JSON des événements et la limite d’inscriptions par adresse.

events-booking-rate-limited = Trop d’inscriptions ont été faites depuis cette connexion en une heure. Réessayez un peu plus tard ou écrivez à l’organisateur. Aucune inscription n’a été enregistrée.
events-api-error-key = La clé d’idempotence doit compter de 16 à 64 caractères : lettres, chiffres, « - » ou « _ ».
events-api-error-attendees = Indiquez au plus un nom par place réservée.
events-api-error-answer-unknown = Cette question n’existe pas pour cet événement.
events-api-error-answer-required = Cette question demande une réponse.
events-api-error-answer-choice = Choisissez l’une des réponses proposées.
events-api-error-answer-yesno = Répondez « yes » ou « no ».
events-api-error-answer-number = Saisissez un nombre.
events-api-error-answer-date = Saisissez une date au format AAAA-MM-JJ.
events-api-error-answer-too-long = Cette réponse est trop longue (1 000 caractères au plus).
events-api-error-capacity = La capacité doit être un nombre entier compris entre 0 et 100 000.
events-api-error-capacity-below = La capacité ne peut pas descendre sous le nombre de places déjà confirmées. Annulez d’abord des inscriptions.
events-api-error-dates = La fin doit venir après le début.
events-api-error-status = Le statut doit être « draft », « published » ou « cancelled ».
events-api-error-number = Saisissez un nombre entier positif ou nul.
