# The questionnaire of a survey in the form kit's editor (surveys/form.rs).
surveys-form-title = Questionnaire of "{ $title }"
