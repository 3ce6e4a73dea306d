# The questionnaire of a survey in the form kit's editor (surveys/form.rs).
surveys-form-title = Questionnaire de « { $title } »
surveys-form-surveys = Enquêtes
surveys-form-nav = Pages de l’enquête
surveys-form-tab-survey = Enquête
surveys-form-tab-form = Questionnaire
