use super::*;

fn q(id: i64, kind: Kind) -> Question {
    Question { id, code: format!("c{id}"), label: format!("Q{id}"), help: String::new(), required: false, condition: None, kind }
}

fn required(mut q: Question) -> Question {
    q.required = true;
    q
}

fn when(mut q: Question, parent: i64, test: Test, value: &str) -> Question {
    q.condition = Some(Condition { question: parent, test, value: value.into() });
    q
}

fn form(questions: Vec<Question>) -> FormDef {
    FormDef { items: questions.into_iter().map(Item::Question).collect() }
}

fn raw(pairs: &[(&str, &str)]) -> RawAnswers {
    RawAnswers::from_fields(&pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>())
}

fn errors(def: &FormDef, r: &RawAnswers) -> Vec<(String, String)> {
    validate(def, r).unwrap_err().into_iter().map(|e| (e.field, e.message)).collect()
}

fn answers(def: &FormDef, r: &RawAnswers) -> Vec<(i64, Answer)> {
    validate(def, r).unwrap().into_iter().map(|t| (t.question, t.answer)).collect()
}

fn choices(c: &[&str]) -> Vec<String> {
    c.iter().map(|s| s.to_string()).collect()
}

fn e(field: &str, key: &str) -> (String, String) {
    (field.to_string(), key.to_string())
}

#[test]
fn texts_are_trimmed_and_limited() {
    let def = form(vec![q(1, Kind::ShortText), q(2, Kind::LongText)]);
    assert_eq!(
        answers(&def, &raw(&[("q-1", " Bonjour "), ("q-2", "Une\nlongue réponse")])),
        vec![(1, Answer::Text("Bonjour".into())), (2, Answer::Text("Une\nlongue réponse".into()))]
    );
    let long = "é".repeat(MAX_SHORT_TEXT + 1);
    let longer = "x".repeat(MAX_LONG_TEXT + 1);
    assert_eq!(
        errors(&def, &raw(&[("q-1", &long), ("q-2", &longer)])),
        vec![e("q-1", "forms-error-text"), e("q-2", "forms-error-long-text")]
    );
    assert_eq!(answers(&def, &raw(&[("q-1", &"é".repeat(MAX_SHORT_TEXT))])).len(), 1, "the limit counts characters");
}

#[test]
fn a_single_choice_is_one_of_its_options() {
    let def = form(vec![q(1, Kind::SingleChoice { choices: choices(&["Végétarien", "Sans gluten"]) })]);
    assert_eq!(answers(&def, &raw(&[("q-1", "Sans gluten")])), vec![(1, Answer::Choice("Sans gluten".into()))]);
    assert_eq!(errors(&def, &raw(&[("q-1", "Vegan")])), vec![e("q-1", "forms-error-choice")]);
}

#[test]
fn a_multiple_choice_keeps_the_forms_order_and_the_other_text() {
    let def = form(vec![q(1, Kind::MultipleChoice { choices: choices(&["A", "B", "C"]), other: true })]);
    assert_eq!(
        answers(&def, &raw(&[("q-1", "C"), ("q-1", "A"), ("q-1-other", " D ")])),
        vec![(1, Answer::Choices { selected: choices(&["A", "C"]), other: Some("D".into()) })]
    );
    assert_eq!(
        answers(&def, &raw(&[("q-1-other", "Autre chose")])),
        vec![(1, Answer::Choices { selected: vec![], other: Some("Autre chose".into()) })]
    );
    assert_eq!(errors(&def, &raw(&[("q-1", "A"), ("q-1", "Z")])), vec![e("q-1", "forms-error-choice")]);
    let long = "x".repeat(MAX_SHORT_TEXT + 1);
    assert_eq!(errors(&def, &raw(&[("q-1-other", &long)])), vec![e("q-1-other", "forms-error-text")]);
    // Without "other", its text is ignored.
    let def = form(vec![required(q(1, Kind::MultipleChoice { choices: choices(&["A", "B"]), other: false }))]);
    assert_eq!(errors(&def, &raw(&[("q-1-other", "D")])), vec![e("q-1", "forms-error-required")]);
}

#[test]
fn yes_no_number_date_and_email() {
    let def = form(vec![
        q(1, Kind::YesNo),
        q(2, Kind::Number { min: None, max: None }),
        q(3, Kind::Number { min: Some(1.0), max: Some(10.0) }),
        q(4, Kind::Date),
        q(5, Kind::Email),
    ]);
    assert_eq!(
        answers(&def, &raw(&[("q-1", "oui"), ("q-2", "2,5"), ("q-3", "10"), ("q-4", "2028-02-29"), ("q-5", " Awa@Exemple.FR ")])),
        vec![
            (1, Answer::YesNo(true)),
            (2, Answer::Number(2.5)),
            (3, Answer::Number(10.0)),
            (4, Answer::Date("2028-02-29".into())),
            (5, Answer::Email("Awa@exemple.fr".into()))
        ]
    );
    assert_eq!(
        errors(&def, &raw(&[("q-1", "peut-être"), ("q-2", "douze"), ("q-3", "11"), ("q-4", "2026-02-30"), ("q-5", "awa@exemple")])),
        vec![
            e("q-1", "forms-error-yesno"),
            e("q-2", "forms-error-number"),
            e("q-3", "forms-error-number-range"),
            e("q-4", "forms-error-date"),
            e("q-5", "forms-error-email")
        ]
    );
    assert_eq!(errors(&def, &raw(&[("q-3", "0,5")])), vec![e("q-3", "forms-error-number-range")]);
    assert!(number("1e5").is_none() && number("inf").is_none() && number("-3").is_some());
    assert!(date("2026-1-01").is_none() && date("20260101").is_none());
    for bad in ["a b@x.fr", "@x.fr", "a@x", "a@.fr", "a@x.fr.", "a@b@c.fr", "<a@x.fr>"] {
        assert!(email(bad).is_none(), "{bad}");
    }
}

#[test]
fn a_scale_goes_from_one_to_its_maximum() {
    let def = form(vec![q(1, Kind::Scale { max: 5, low: "Pas du tout".into(), high: "Tout à fait".into() })]);
    assert_eq!(answers(&def, &raw(&[("q-1", "5")])), vec![(1, Answer::Scale(5))]);
    for bad in ["0", "6", "2.5", "beaucoup"] {
        assert_eq!(errors(&def, &raw(&[("q-1", bad)])), vec![e("q-1", "forms-error-scale")], "{bad}");
    }
}

#[test]
fn a_matrix_answers_rows_on_one_scale() {
    let rows =
        vec![MatrixRow { code: "accueil".into(), label: "Accueil".into() }, MatrixRow { code: "contenu".into(), label: "Contenu".into() }];
    let kind = Kind::Matrix { rows, max: 4, low: String::new(), high: String::new() };
    let def = form(vec![q(1, kind.clone())]);
    assert_eq!(answers(&def, &raw(&[("q-1-contenu", "3")])), vec![(1, Answer::Matrix(BTreeMap::from([("contenu".to_string(), 3)])))]);
    assert_eq!(errors(&def, &raw(&[("q-1-accueil", "5")])), vec![e("q-1-accueil", "forms-error-scale")]);
    // Unknown rows are ignored; nothing answered is no answer.
    assert_eq!(answers(&def, &raw(&[("q-1-autre", "2")])), vec![]);
    // Required: every row, each error on its row; nothing at all is the question's error.
    let def = form(vec![required(q(1, kind))]);
    assert_eq!(errors(&def, &raw(&[("q-1-accueil", "2")])), vec![e("q-1-contenu", "forms-error-row")]);
    assert_eq!(errors(&def, &raw(&[])), vec![e("q-1", "forms-error-required")]);
}

#[test]
fn a_file_has_an_allowed_type_and_size() {
    let def = form(vec![required(q(1, Kind::File { types: vec!["application/pdf".into()], max_bytes: 1000 }))]);
    let file =
        |content_type: &str, size| FileAnswer { name: "cv.pdf".into(), content_type: content_type.into(), size, reference: "m-1".into() };
    let with = |f: FileAnswer| {
        let mut r = RawAnswers::default();
        r.set_file("q-1", f);
        r
    };
    assert_eq!(answers(&def, &with(file("application/pdf", 1000))), vec![(1, Answer::File(file("application/pdf", 1000)))]);
    assert_eq!(errors(&def, &with(file("image/png", 10))), vec![e("q-1", "forms-error-file-type")]);
    assert_eq!(errors(&def, &with(file("application/pdf", 1001))), vec![e("q-1", "forms-error-file-size")]);
    assert_eq!(errors(&def, &raw(&[("q-1", "cv.pdf")])), vec![e("q-1", "forms-error-required")], "a name is not a file");
}

#[test]
fn required_questions_and_unknown_fields() {
    let def = form(vec![required(q(1, Kind::ShortText)), q(2, Kind::ShortText)]);
    assert_eq!(errors(&def, &raw(&[("q-1", "   "), ("q-2", "x")])), vec![e("q-1", "forms-error-required")]);
    assert_eq!(answers(&def, &raw(&[("q-1", "a"), ("q-9", "x"), ("q-x", "y")])), vec![(1, Answer::Text("a".into()))]);
    // A repeated single-valued field: the last value counts.
    assert_eq!(answers(&def, &raw(&[("q-1", "a"), ("q-1", "b")])), vec![(1, Answer::Text("b".into()))]);
}

#[test]
fn conditions_equals_contains_answered() {
    let def = form(vec![
        q(1, Kind::YesNo),
        required(when(q(2, Kind::ShortText), 1, Test::Equals, "oui")),
        q(3, Kind::MultipleChoice { choices: choices(&["Train", "Vélo", "Voiture"]), other: true }),
        required(when(q(4, Kind::ShortText), 3, Test::Contains, "vélo")),
        required(when(q(5, Kind::ShortText), 3, Test::Answered, "")),
        q(6, Kind::Number { min: None, max: None }),
        required(when(q(7, Kind::ShortText), 6, Test::Equals, "2,5")),
        q(8, Kind::ShortText),
        required(when(q(9, Kind::ShortText), 8, Test::Contains, "ENFANT")),
    ]);
    // Nothing answered: every conditional question hidden.
    assert_eq!(answers(&def, &raw(&[])), vec![]);
    assert_eq!(
        errors(&def, &raw(&[("q-1", "yes"), ("q-3", "Vélo"), ("q-6", "2.5"), ("q-8", "avec mon enfant")])),
        vec![
            e("q-2", "forms-error-required"),
            e("q-4", "forms-error-required"),
            e("q-5", "forms-error-required"),
            e("q-7", "forms-error-required"),
            e("q-9", "forms-error-required")
        ]
    );
    // Contains: another option does not show q-4; answered shows q-5.
    assert_eq!(errors(&def, &raw(&[("q-3", "Train")])), vec![e("q-5", "forms-error-required")]);
    // An invalid answer meets no condition.
    assert_eq!(errors(&def, &raw(&[("q-1", "peut-être")])), vec![e("q-1", "forms-error-yesno")], "q-2 stays hidden");
}

#[test]
fn hidden_questions_are_neither_required_nor_stored_through_chains() {
    let def = form(vec![
        required(q(1, Kind::YesNo)),
        required(when(q(2, Kind::SingleChoice { choices: choices(&["A", "B"]) }), 1, Test::Equals, "yes")),
        required(when(q(3, Kind::Number { min: None, max: None }), 2, Test::Equals, "a")),
    ]);
    // q-1 "no": q-2 hidden, so q-3 hidden too, whatever was sent for them.
    assert_eq!(answers(&def, &raw(&[("q-1", "no"), ("q-2", "A"), ("q-3", "pas un nombre")])), vec![(1, Answer::YesNo(false))]);
    // Shown: required, then its child required.
    assert_eq!(errors(&def, &raw(&[("q-1", "yes")])), vec![e("q-2", "forms-error-required")]);
    assert_eq!(errors(&def, &raw(&[("q-1", "yes"), ("q-2", "A")])), vec![e("q-3", "forms-error-required")]);
    assert_eq!(
        answers(&def, &raw(&[("q-1", "yes"), ("q-2", "A"), ("q-3", "7")])),
        vec![(1, Answer::YesNo(true)), (2, Answer::Choice("A".into())), (3, Answer::Number(7.0))]
    );
    // A loop or a missing parent never hides a question.
    let def = form(vec![when(q(1, Kind::ShortText), 2, Test::Answered, ""), required(when(q(2, Kind::ShortText), 1, Test::Answered, ""))]);
    assert_eq!(answers(&def, &raw(&[])), vec![], "the loop: neither is answered");
    assert_eq!(answers(&def, &raw(&[("q-1", "a"), ("q-2", "b")])).len(), 2, "the loop: both answered, both shown");
    let def = form(vec![required(when(q(1, Kind::ShortText), 42, Test::Equals, "x"))]);
    assert_eq!(errors(&def, &raw(&[])), vec![e("q-1", "forms-error-required")]);
}

#[test]
fn json_answers_from_the_api() {
    let rows = vec![MatrixRow { code: "a".into(), label: "A".into() }];
    let def = form(vec![
        q(1, Kind::YesNo),
        q(2, Kind::Number { min: None, max: None }),
        q(3, Kind::MultipleChoice { choices: choices(&["A", "B"]), other: true }),
        q(4, Kind::Matrix { rows, max: 3, low: String::new(), high: String::new() }),
        Question { code: "repas".into(), ..q(5, Kind::ShortText) },
    ]);
    let given: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(r#"{"1": true, "2": 2.5, "3": {"selected": ["B"], "other": "C"}, "4": {"a": 2}, "repas": "Végétarien"}"#)
            .unwrap();
    let (r, errs) = RawAnswers::from_json(&def, &given);
    assert!(errs.is_empty());
    assert_eq!(
        answers(&def, &r),
        vec![
            (1, Answer::YesNo(true)),
            (2, Answer::Number(2.5)),
            (3, Answer::Choices { selected: choices(&["B"]), other: Some("C".into()) }),
            (4, Answer::Matrix(BTreeMap::from([("a".to_string(), 2)]))),
            (5, Answer::Text("Végétarien".into()))
        ]
    );
    let (r, _) = RawAnswers::from_json(&def, &BTreeMap::from([("3".to_string(), serde_json::json!(["A", "B"]))]));
    assert_eq!(answers(&def, &r), vec![(3, Answer::Choices { selected: choices(&["A", "B"]), other: None })]);
    let bad: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(r#"{"9": "x", "1": ["yes"], "4": {"z": 1}, "5": {"a": 1}, "3": {"selected": "A"}}"#).unwrap();
    let fields: Vec<String> = RawAnswers::from_json(&def, &bad).1.into_iter().map(|e| e.field).collect();
    assert_eq!(fields, vec!["answers.1", "answers.3", "answers.4", "answers.5", "answers.9"]);
    assert_eq!(
        (api_field("q-4"), api_field("q-4-other"), api_field("q-4-a")),
        ("answers.4".into(), "answers.4.other".into(), "answers.4.a".into())
    );
}

#[test]
fn answers_round_trip_through_json_and_raw() {
    let all = [
        Answer::Text("é".into()),
        Answer::Choice("A".into()),
        Answer::Choices { selected: choices(&["A"]), other: Some("x".into()) },
        Answer::YesNo(false),
        Answer::Number(-2.5),
        Answer::Date("2026-12-31".into()),
        Answer::Email("a@b.fr".into()),
        Answer::Scale(3),
        Answer::Matrix(BTreeMap::from([("a".to_string(), 1)])),
        Answer::File(FileAnswer { name: "f.pdf".into(), content_type: "application/pdf".into(), size: 3, reference: "m".into() }),
    ];
    for a in &all {
        assert_eq!(Answer::from_json(&a.to_json()).as_ref(), Some(a));
    }
    assert_eq!(Answer::YesNo(true).to_json(), r#"{"type":"yes_no","value":true}"#);
    assert_eq!(Answer::Number(12.0).plain(), "12");
    // Stored answers shown again in a form validate to themselves.
    let def = form(vec![
        q(1, Kind::MultipleChoice { choices: choices(&["A", "B"]), other: true }),
        q(2, Kind::YesNo),
        q(3, Kind::Number { min: None, max: None }),
    ]);
    let typed = validate(&def, &raw(&[("q-1", "B"), ("q-1-other", "Z"), ("q-2", "non"), ("q-3", "2,5")])).unwrap();
    assert_eq!(validate(&def, &RawAnswers::from_answers(&typed)).unwrap(), typed);
}

#[test]
fn definitions_are_checked() {
    let ok = form(vec![q(1, Kind::YesNo), when(q(2, Kind::ShortText), 1, Test::Equals, "oui")]);
    assert_eq!(ok.check(), Ok(()));
    let def = FormDef {
        items: vec![
            Item::Section { title: "Vous".into(), help: String::new() },
            Item::Question(q(1, Kind::ShortText)),
            Item::Question(Question { code: "c1".into(), ..q(2, Kind::ShortText) }),
            Item::Question(q(1, Kind::ShortText)),
            Item::Question(Question { label: " ".into(), code: "Avec Espace".into(), ..q(4, Kind::ShortText) }),
            Item::Question(when(q(5, Kind::ShortText), 6, Test::Equals, "x")),
            Item::Question(q(6, Kind::SingleChoice { choices: choices(&["A", "A"]) })),
            Item::Question(q(7, Kind::Number { min: Some(3.0), max: Some(1.0) })),
            Item::Question(q(8, Kind::Scale { max: 1, low: String::new(), high: String::new() })),
            Item::Question(q(9, Kind::Matrix { rows: vec![], max: 5, low: String::new(), high: String::new() })),
            Item::Question(q(10, Kind::File { types: vec![], max_bytes: 10 })),
            Item::Question(when(q(11, Kind::ShortText), 9, Test::Answered, "")),
            Item::Question(when(q(12, Kind::ShortText), 7, Test::Equals, "")),
            Item::Statement { text: "Merci.".into() },
        ],
    };
    assert_eq!(
        def.check().unwrap_err(),
        vec![
            (2, "forms-def-error-code"),
            (3, "forms-def-error-id"),
            (3, "forms-def-error-code"),
            (4, "forms-def-error-code"),
            (4, "forms-def-error-label"),
            (5, "forms-def-error-condition"),
            (6, "forms-def-error-choices"),
            (7, "forms-def-error-bounds"),
            (8, "forms-def-error-scale"),
            (9, "forms-def-error-rows"),
            (10, "forms-def-error-file"),
            (11, "forms-def-error-condition"),
            (12, "forms-def-error-condition-value"),
        ]
    );
    // The definition's JSON is stable (it is stored).
    let json = serde_json::to_string(&ok).unwrap();
    assert!(
        json.starts_with(
            r#"{"items":[{"item":"question","id":1,"code":"c1","label":"Q1","help":"","required":false,"kind":{"type":"yes_no"}}"#
        ),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<FormDef>(&json).unwrap(), ok);
}

mod markup {
    use std::sync::Arc;

    use askama::Template;

    use super::*;
    use crate::core::i18n::{Catalog, Locale, Tr};

    #[derive(Template)]
    #[template(path = "forms/fields.html")]
    struct Fields {
        form_fields: Vec<view::ItemView>,
    }

    fn render(def: &FormDef, r: &RawAnswers) -> String {
        let tr = Tr::new(Arc::new(Catalog::load().unwrap()), Locale::Fr, jiff::tz::TimeZone::UTC);
        let errors = validate(def, r).err().unwrap_or_default();
        Fields { form_fields: view::items(&tr, def, r, &errors, "f-") }.render().unwrap()
    }

    #[test]
    fn fields_are_labelled_described_and_keep_what_was_typed() {
        let rows = vec![
            MatrixRow { code: "accueil".into(), label: "Accueil".into() },
            MatrixRow { code: "contenu".into(), label: "Contenu".into() },
        ];
        let def = FormDef {
            items: vec![
                Item::Section { title: "Votre venue".into(), help: String::new() },
                Item::Question(Question {
                    help: "Pour le traiteur.".into(),
                    ..required(q(1, Kind::Number { min: Some(0.0), max: Some(9.0) }))
                }),
                Item::Question(q(2, Kind::YesNo)),
                Item::Question(when(
                    q(3, Kind::MultipleChoice { choices: choices(&["Train", "Vélo"]), other: true }),
                    2,
                    Test::Equals,
                    "oui",
                )),
                Item::Question(required(q(4, Kind::Matrix { rows, max: 3, low: "Mauvais".into(), high: "Excellent".into() }))),
                Item::Question(when(q(5, Kind::LongText), 3, Test::Contains, "vélo")),
                Item::Statement { text: "Merci.".into() },
            ],
        };
        let html = render(&def, &raw(&[("q-1", "douze"), ("q-2", "yes"), ("q-3", "Vélo"), ("q-3-other", "À pied"), ("q-4-accueil", "2")]));
        for part in [
            r#"<h3 class="form-section">Votre venue</h3>"#,
            r#"<label for="f-q-1">Q1</label>"#,
            r#"<p class="hint" id="f-q-1-help">Pour le traiteur.</p>"#,
            r#"<p class="hint" id="f-q-1-kind">Un nombre entre 0 et 9.</p>"#,
            r#"value="douze" required aria-describedby="f-q-1-help f-q-1-kind f-q-1-error" aria-invalid="true">"#,
            r#"<p class="error" id="f-q-1-error">Indiquez un nombre, par exemple 2 ou 2,5.</p>"#,
            r#"<legend>Q2 (facultatif)</legend>"#,
            r#"value="yes" checked"#,
            r#"data-show-if="q-2" data-show-value="yes">"#,
            r#"<p class="hint condition" id="f-q-3-cond">Seulement si vous avez répondu « Oui » à « Q2 ».</p>"#,
            r#"<input type="checkbox" id="f-q-3-2" name="q-3" value="Vélo" checked>"#,
            r#"<input id="f-q-3-other" name="q-3-other" type="text" maxlength="1000" value="À pied">"#,
            r#"data-show-if="q-3" data-show-value="Vélo" data-show-test="contains">"#,
            r#"<th scope="col" id="f-q-4-col-1">1 – Mauvais</th>"#,
            r#"<th scope="row" id="f-q-4-accueil-row">Accueil</th>"#,
            r#"<input type="radio" id="f-q-4-accueil-2" name="q-4-accueil" value="2" aria-labelledby="f-q-4-accueil-row f-q-4-col-2" checked required>"#,
            r#"aria-labelledby="f-q-4-contenu-row f-q-4-col-1" required aria-invalid="true" aria-describedby="f-q-4-contenu-row-error">"#,
            r#"<p class="error" id="f-q-4-contenu-row-error">Contenu : Répondez à cette ligne.</p>"#,
            r#"<textarea id="f-q-5" name="q-5" rows="5" maxlength="10000""#,
            r#"<p class="form-statement">Merci.</p>"#,
        ] {
            assert!(html.contains(part), "{part}\n{html}");
        }
        // The summary names the question and links to the row in error.
        let tr = Tr::new(Arc::new(Catalog::load().unwrap()), Locale::Fr, jiff::tz::TimeZone::UTC);
        let errors = validate(&def, &raw(&[("q-4-accueil", "2")])).unwrap_err();
        assert_eq!(
            view::summary(&tr, &def, &errors),
            vec![("q-1".into(), "Q1 : Répondez à cette question.".into()), ("q-4-contenu".into(), "Q4 : Répondez à cette ligne.".into())]
        );
    }
}
