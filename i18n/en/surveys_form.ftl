# The questionnaire of a survey in the form kit's editor (surveys/form.rs).
surveys-form-title = Questionnaire of "{ $title }"
surveys-form-surveys = Surveys
surveys-form-nav = The survey's pages
surveys-form-tab-survey = Survey
surveys-form-tab-form = Questionnaire
