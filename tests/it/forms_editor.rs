//! The form kit's editor, as the surveys mount it at `/admin/enquetes/{id}/formulaire` (SQLite,
//! or PostgreSQL when ESSAIM_TEST_DATABASE_URL is set): every kind of question with its
//! settings, a condition, moves and deletion, bad input shown again next to its field with
//! what was typed, a frozen version that makes a new version, the preview checked by the
//! kit's validation, and who may edit (403/404). The calls' mount is tested in calls_admin.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use essaim::core::auth::Role;
use essaim::core::forms::{self, Condition, FormDef, Item, Kind, MatrixRow, Test};
use essaim::modules::surveys::{self, Mode, SurveyInput};

use crate::common::TestApp;
use crate::common::surveys::barometer;

const SSD: &str = "seine-saint-denis";

async fn club_id(app: &TestApp, slug: &str) -> i64 {
    essaim::modules::network::get_club_by_slug(&app.state.db, slug).await.unwrap().unwrap().id
}

/// An empty survey of `club` (None: the network's).
async fn survey(app: &TestApp, slug: &str, club: Option<&str>) -> i64 {
    let club_id = match club {
        Some(c) => Some(club_id(app, c).await),
        None => None,
    };
    let mut tx = app.state.db.begin().await.unwrap();
    let input = SurveyInput { slug: slug.into(), club_id, title: format!("Enquête {slug}"), min_cell: 5, ..Default::default() };
    let id = surveys::insert_survey(&mut tx, &input, None, app.state.now()).await.unwrap();
    tx.commit().await.unwrap();
    id
}

async fn staff(app: &TestApp, email: &str, role: Role, club: Option<&str>) -> reqwest::Client {
    app.user(email, role, club).await;
    app.session_client(email).await
}

async fn get(app: &TestApp, c: &reqwest::Client, path: &str) -> (u16, String) {
    let r = c.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn post(app: &TestApp, c: &reqwest::Client, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let r = c.post(app.url(path)).form(fields).send().await.unwrap();
    let status = r.status().as_u16();
    let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_string());
    (status, location.unwrap_or(r.text().await.unwrap()))
}

async fn def(app: &TestApp, survey_id: i64) -> FormDef {
    forms::store::get(&app.state.db, &surveys::model::owner(survey_id)).await.unwrap().map(|f| f.def).unwrap_or_default()
}

fn by_code<'a>(def: &'a FormDef, code: &str) -> &'a forms::Question {
    def.questions().find(|q| q.code == code).unwrap_or_else(|| panic!("question {code} in {def:?}"))
}

#[tokio::test]
async fn every_kind_is_built_with_its_settings_and_a_condition() {
    let app = TestApp::spawn_demo().await;
    let id = survey(&app, "barometre-editeur", Some(SSD)).await;
    let ssd = staff(&app, "ssd@exemple.fr", Role::Editor, Some(SSD)).await;
    let base = format!("/admin/enquetes/{id}/formulaire");
    let (status, page) = get(&app, &ssd, &base).await;
    assert_eq!(status, 200);
    assert!(page.contains("Questionnaire de « Enquête barometre-editeur »"));
    assert!(!page.contains("value=\"file\""), "a survey offers no file question");
    let csrf = app.csrf(&ssd, &base).await;
    let c = csrf.as_str();
    let items: Vec<Vec<(&str, &str)>> = vec![
        vec![("item", "section"), ("label", "Votre entreprise"), ("help", "Quelques repères.")],
        vec![("item", "statement"), ("help", "Vos réponses restent anonymes.")],
        vec![("item", "question"), ("label", "Nom de l’entreprise"), ("kind", "short_text"), ("required", "1")],
        vec![("item", "question"), ("label", "Vos remarques"), ("kind", "long_text")],
        vec![
            ("item", "question"),
            ("label", "Secteur d’activité"),
            ("code", "secteur"),
            ("kind", "single_choice"),
            ("choices", "Industrie\r\nServices\r\n\r\nCommerce"),
        ],
        vec![
            ("item", "question"),
            ("label", "Pratiques en place"),
            ("kind", "multiple_choice"),
            ("choices", "Tutorat\nFormation"),
            ("other", "1"),
        ],
        vec![("item", "question"), ("label", "Avez-vous un référent seniors ?"), ("code", "referent"), ("kind", "yes_no")],
        vec![("item", "question"), ("label", "Effectif"), ("kind", "number"), ("min", "1"), ("max", "100000")],
        vec![("item", "question"), ("label", "Date de création"), ("kind", "date")],
        vec![("item", "question"), ("label", "Contact"), ("kind", "email")],
        vec![("item", "question"), ("label", "Confiance"), ("kind", "scale"), ("scale_max", "7"), ("low", "Faible"), ("high", "Forte")],
        vec![
            ("item", "question"),
            ("label", "Appréciations"),
            ("kind", "matrix"),
            ("scale_max", "4"),
            ("rows", "recrut: Recrutement des seniors\nFormation continue"),
        ],
        vec![
            ("item", "question"),
            ("label", "Nom du référent"),
            ("kind", "short_text"),
            ("cond_question", "REFERENT"),
            ("cond_test", "equals"),
            ("cond_value", "oui"),
        ],
    ];
    let mut referent_id = String::new();
    for fields in &items {
        let mut fields: Vec<(&str, &str)> = fields.clone();
        if let Some(f) = fields.iter_mut().find(|(k, _)| *k == "cond_question") {
            f.1 = referent_id.as_str();
        }
        fields.push(("csrf", c));
        let (status, location) = post(&app, &ssd, &base, &fields).await;
        assert_eq!(status, 303, "{fields:?}: {location}");
        assert_eq!(location, format!("{base}?ok=saved"));
        if referent_id.is_empty()
            && let Some(q) = def(&app, id).await.questions().find(|q| q.code == "referent")
        {
            referent_id = q.id.to_string();
        }
    }
    let d = def(&app, id).await;
    assert_eq!(d.items.len(), 13);
    assert_eq!(d.items[0], Item::Section { title: "Votre entreprise".into(), help: "Quelques repères.".into() });
    assert_eq!(d.items[1], Item::Statement { text: "Vos réponses restent anonymes.".into() });
    let name = by_code(&d, "nom_de_l_entreprise");
    assert!(name.required && name.kind == Kind::ShortText, "the code made from the label");
    assert_eq!(by_code(&d, "vos_remarques").kind, Kind::LongText);
    assert_eq!(by_code(&d, "secteur").kind, Kind::SingleChoice { choices: vec!["Industrie".into(), "Services".into(), "Commerce".into()] });
    assert_eq!(
        by_code(&d, "pratiques_en_place").kind,
        Kind::MultipleChoice { choices: vec!["Tutorat".into(), "Formation".into()], other: true }
    );
    assert_eq!(by_code(&d, "referent").kind, Kind::YesNo);
    assert_eq!(by_code(&d, "effectif").kind, Kind::Number { min: Some(1.0), max: Some(100_000.0) });
    assert_eq!(by_code(&d, "date_de_creation").kind, Kind::Date);
    assert_eq!(by_code(&d, "contact").kind, Kind::Email);
    assert_eq!(by_code(&d, "confiance").kind, Kind::Scale { max: 7, low: "Faible".into(), high: "Forte".into() });
    assert_eq!(
        by_code(&d, "appreciations").kind,
        Kind::Matrix {
            rows: vec![
                MatrixRow { code: "recrut".into(), label: "Recrutement des seniors".into() },
                MatrixRow { code: "formation_continue".into(), label: "Formation continue".into() },
            ],
            max: 4,
            low: String::new(),
            high: String::new(),
        }
    );
    let referent = by_code(&d, "referent").id;
    assert_eq!(by_code(&d, "nom_du_referent").condition, Some(Condition { question: referent, test: Test::Equals, value: "oui".into() }));
    // The list shows each item, its code and its settings; editing shows the saved settings.
    let (_, page) = get(&app, &ssd, &format!("{base}?ok=saved")).await;
    assert!(page.contains("Formulaire enregistré."));
    assert!(page.contains("<code>appreciations</code>") && page.contains("Recrutement des seniors · Formation continue · 1–4"));
    assert!(page.contains("Seulement si « Avez-vous un référent seniors ? » = « Oui »"));
    let (_, edit) = get(&app, &ssd, &format!("{base}?modifier=11")).await;
    assert!(edit.contains("recrut: Recrutement des seniors\nformation_continue: Formation continue"), "{edit}");
    // The condition offers only earlier questions, never a matrix.
    assert!(!edit.contains("Appréciations (appreciations)</option>"));
    // The preview shows the form as respondents see it, checked by the kit.
    let (status, preview) = get(&app, &ssd, &format!("{base}/apercu")).await;
    assert_eq!(status, 200);
    assert!(preview.contains("Recrutement des seniors") && preview.contains("data-show-if=\"q-"));
    let (status, checked) =
        post(&app, &ssd, &format!("{base}/apercu"), &[("csrf", c), (&format!("q-{}", name.id), ""), ("q-0", "x")]).await;
    assert_eq!(status, 422);
    assert!(checked.contains(&format!("href=\"#p-q-{}\"", name.id)) && checked.contains("Répondez à cette question."));
    let name_field = format!("q-{}", name.id);
    let (status, ok) = post(&app, &ssd, &format!("{base}/apercu"), &[("csrf", c), (name_field.as_str(), "Acme")]).await;
    assert_eq!(status, 200);
    assert!(ok.contains("Ces réponses seraient acceptées"));
    assert_eq!(def(&app, id).await, d, "the preview stores nothing");
}

#[tokio::test]
async fn bad_input_is_refused_next_to_its_field_with_what_was_typed() {
    let app = TestApp::spawn_demo().await;
    let id = survey(&app, "enquete-erreurs", None).await;
    let admin = staff(&app, "reseau@exemple.fr", Role::NetworkAdmin, None).await;
    let base = format!("/admin/enquetes/{id}/formulaire");
    let csrf = app.csrf(&admin, &base).await;
    let c = csrf.as_str();
    let (status, _) = post(&app, &admin, &base, &[("csrf", c), ("label", "Âge"), ("kind", "number"), ("item", "question")]).await;
    assert_eq!(status, 303);
    let before = def(&app, id).await;
    // (what was typed, the id of the error beside its field, a text the page shows again)
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
    let cases: &[Case] = &[
        (&[("label", "Secteur"), ("kind", "single_choice"), ("choices", "Industrie\nIndustrie")], "f-choices-error", "toutes différentes"),
        (&[("label", "Un autre âge"), ("code", "age"), ("kind", "short_text")], "f-code-error", "son propre code"),
        (&[("label", "Code en capitales"), ("code", "Mon Code"), ("kind", "short_text")], "f-code-error", "value=\"Mon Code\""),
        (&[("label", "Satisfaction"), ("kind", "scale"), ("scale_max", "12")], "f-scale_max-error", "value=\"12\""),
        (&[("label", "Note"), ("kind", "matrix"), ("scale_max", "5"), ("rows", "")], "f-rows-error", "au moins une ligne"),
        (&[("label", "Effectif"), ("kind", "number"), ("min", "dix"), ("max", "5")], "f-min-error", "value=\"dix\""),
        (&[("label", "Effectif"), ("kind", "number"), ("min", "50"), ("max", "5")], "f-max-error", "inférieur au maximum"),
        (&[("label", "Pièce jointe"), ("kind", "file"), ("types", "application/pdf")], "f-kind-error", "types proposés"),
        (&[("label", ""), ("kind", "short_text")], "f-label-error", "obligatoire"),
        (&[("label", "Pourquoi ?"), ("kind", "short_text"), ("cond_question", "999999")], "f-cond_question-error", "placée avant"),
        (
            &[("label", "Lequel ?"), ("kind", "short_text"), ("cond_question", "ID"), ("cond_test", "equals")],
            "f-cond_value-error",
            "réponse attendue",
        ),
    ];
    let age = by_code(&before, "age").id.to_string();
    for (fields, error_id, shown) in cases {
        let mut form: Vec<(&str, &str)> = vec![("csrf", c), ("item", "question")];
        form.extend(fields.iter().map(|(k, v)| (*k, if *v == "ID" { age.as_str() } else { *v })));
        let (status, page) = post(&app, &admin, &base, &form).await;
        assert_eq!(status, 422, "{fields:?}");
        assert!(page.contains(&format!("id=\"{error_id}\"")), "{fields:?}: {error_id}");
        assert!(page.contains(shown), "{fields:?}: {shown}");
        assert!(page.contains("class=\"error-summary\""), "{fields:?}");
        let label = fields.iter().find(|(k, _)| *k == "label").unwrap().1;
        assert!(page.contains(&format!("id=\"f-label\" name=\"label\" type=\"text\" maxlength=\"300\" value=\"{label}\"")), "{fields:?}");
    }
    assert_eq!(def(&app, id).await, before, "nothing was written");
    // A section without a title, an unknown item kind, a missing item: never a 500.
    let (status, page) = post(&app, &admin, &base, &[("csrf", c), ("item", "section"), ("label", " ")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"f-label-error\""));
    assert_eq!(post(&app, &admin, &base, &[("csrf", c), ("item", "autre")]).await.0, 422);
    assert_eq!(post(&app, &admin, &format!("{base}/7"), &[("csrf", c), ("item", "question"), ("label", "X")]).await.0, 404);
    assert_eq!(get(&app, &admin, &format!("{base}?modifier=9")).await.0, 404);
    assert_eq!(post(&app, &admin, &format!("{base}/0/supprimer"), &[("csrf", "faux")]).await.0, 400);
}

#[tokio::test]
async fn items_move_and_delete_and_a_condition_keeps_its_question_first() {
    let app = TestApp::spawn_demo().await;
    let id = survey(&app, "enquete-ordre", None).await;
    let admin = staff(&app, "reseau@exemple.fr", Role::NetworkAdmin, None).await;
    let base = format!("/admin/enquetes/{id}/formulaire");
    let csrf = app.csrf(&admin, &base).await;
    let c = csrf.as_str();
    for (label, kind) in [("Premier", "yes_no"), ("Deuxième", "short_text")] {
        assert_eq!(post(&app, &admin, &base, &[("csrf", c), ("item", "question"), ("label", label), ("kind", kind)]).await.0, 303);
    }
    let first = by_code(&def(&app, id).await, "premier").id.to_string();
    let (status, _) = post(
        &app,
        &admin,
        &base,
        &[
            ("csrf", c),
            ("item", "question"),
            ("label", "Troisième"),
            ("kind", "long_text"),
            ("cond_question", &first),
            ("cond_test", "answered"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let codes = |d: &FormDef| d.questions().map(|q| q.code.clone()).collect::<Vec<_>>();
    // Down and up.
    assert_eq!(post(&app, &admin, &format!("{base}/0/descendre"), &[("csrf", c)]).await, (303, format!("{base}?ok=moved")));
    assert_eq!(codes(&def(&app, id).await), ["deuxieme", "premier", "troisieme"]);
    assert_eq!(post(&app, &admin, &format!("{base}/1/monter"), &[("csrf", c)]).await.0, 303);
    assert_eq!(codes(&def(&app, id).await), ["premier", "deuxieme", "troisieme"]);
    // The third depends on the first: the first cannot go below it, the third not above it.
    assert_eq!(post(&app, &admin, &format!("{base}/1/descendre"), &[("csrf", c)]).await.0, 303);
    assert_eq!(codes(&def(&app, id).await), ["premier", "troisieme", "deuxieme"]);
    assert_eq!(post(&app, &admin, &format!("{base}/1/monter"), &[("csrf", c)]).await, (303, format!("{base}?erreur=ordre")));
    assert_eq!(codes(&def(&app, id).await), ["premier", "troisieme", "deuxieme"]);
    let (_, page) = get(&app, &admin, &format!("{base}?erreur=ordre")).await;
    assert!(page.contains("Déplacement impossible"));
    // Deleting the first drops the condition on it.
    assert_eq!(post(&app, &admin, &format!("{base}/0/supprimer"), &[("csrf", c)]).await, (303, format!("{base}?ok=deleted")));
    let d = def(&app, id).await;
    assert_eq!(codes(&d), ["troisieme", "deuxieme"]);
    assert!(d.questions().all(|q| q.condition.is_none()));
    assert_eq!(post(&app, &admin, &format!("{base}/5/monter"), &[("csrf", c)]).await.0, 404);
}

#[tokio::test]
async fn an_edit_of_a_frozen_version_makes_a_new_version_and_says_so() {
    let app = TestApp::spawn_demo().await;
    let b = barometer(&app, 1, Mode::Anonymous, None).await;
    let admin = staff(&app, "reseau@exemple.fr", Role::NetworkAdmin, None).await;
    let base = format!("/admin/enquetes/{}/formulaire", b.survey_id);
    let (_, page) = get(&app, &admin, &base).await;
    assert!(page.contains("Cette modification crée la version 2."), "the wave froze version 1");
    let index = b.def.items.iter().position(|i| matches!(i, Item::Question(q) if q.code == "q7")).unwrap();
    let (_, edit) = get(&app, &admin, &format!("{base}?modifier={index}")).await;
    assert!(edit.contains("value=\"q7\""));
    let csrf = app.csrf(&admin, &base).await;
    // The question reworded, its code kept.
    let (status, _) = post(
        &app,
        &admin,
        &format!("{base}/{index}"),
        &[("csrf", &csrf), ("item", "question"), ("label", "Votre frein principal"), ("code", "q7"), ("kind", "short_text")],
    )
    .await;
    assert_eq!(status, 303);
    let form = forms::store::get(&app.state.db, &surveys::model::owner(b.survey_id)).await.unwrap().unwrap();
    assert_eq!(form.version, 2);
    assert_eq!(by_code(&form.def, "q7").label, "Votre frein principal");
    assert_eq!(by_code(&form.def, "q7").id, by_code(&b.def, "q7").id, "the same question");
    let v1 = forms::store::get_version(&app.state.db, form.id, 1).await.unwrap().unwrap();
    assert_eq!(v1, b.def, "the frozen version stays as it was");
    // Version 2 is neither frozen nor answered: the next edit replaces it.
    let (_, page) = get(&app, &admin, &base).await;
    assert!(!page.contains("Cette modification crée la version"));
    assert_eq!(post(&app, &admin, &format!("{base}/{index}/supprimer"), &[("csrf", &csrf)]).await.0, 303);
    let form = forms::store::get(&app.state.db, &surveys::model::owner(b.survey_id)).await.unwrap().unwrap();
    assert_eq!(form.version, 2);
    assert!(form.def.questions().all(|q| q.code != "q7"));
}

#[tokio::test]
async fn only_the_surveys_managers_edit_its_form() {
    let app = TestApp::spawn_demo().await;
    let ssd_survey = survey(&app, "enquete-ssd", Some(SSD)).await;
    let network_survey = survey(&app, "enquete-reseau", None).await;
    let paths = |id: i64| {
        let base = format!("/admin/enquetes/{id}/formulaire");
        [base.clone(), format!("{base}/apercu"), format!("{base}?modifier=0")]
    };
    // Anonymous: to the sign-in page.
    for path in paths(ssd_survey) {
        let r = app.get(&path).await;
        assert_eq!(r.status().as_u16(), 303, "{path}");
        assert!(r.headers()["location"].to_str().unwrap().starts_with("/admin/connexion"), "{path}");
    }
    let ssd = staff(&app, "ssd@exemple.fr", Role::Editor, Some(SSD)).await;
    let lyon = staff(&app, "lyon@exemple.fr", Role::Editor, Some("lyon-metropole")).await;
    let member = staff(&app, "membre@exemple.fr", Role::Member, Some(SSD)).await;
    assert_eq!(get(&app, &ssd, &paths(ssd_survey)[0]).await.0, 200);
    assert_eq!(get(&app, &ssd, &paths(ssd_survey)[1]).await.0, 200);
    for path in &paths(ssd_survey)[..2] {
        assert_eq!(get(&app, &lyon, path).await.0, 403, "another club's survey {path}");
        assert_eq!(get(&app, &member, path).await.0, 403, "a member {path}");
    }
    assert_eq!(get(&app, &ssd, &paths(network_survey)[0]).await.0, 403, "the network's survey");
    assert_eq!(get(&app, &ssd, "/admin/enquetes/999999/formulaire").await.0, 404);
    assert_eq!(get(&app, &ssd, "/admin/enquetes/999999/formulaire/apercu").await.0, 404);
    // Writes are refused too, and nothing is written.
    let csrf = app.csrf(&lyon, "/admin/appels/nouveau").await;
    let base = format!("/admin/enquetes/{ssd_survey}/formulaire");
    let fields = [("csrf", csrf.as_str()), ("item", "question"), ("label", "Intrusion"), ("kind", "short_text")];
    assert_eq!(post(&app, &lyon, &base, &fields).await.0, 403);
    assert_eq!(post(&app, &lyon, &format!("{base}/0/supprimer"), &fields[..1]).await.0, 403);
    assert_eq!(post(&app, &lyon, "/admin/enquetes/999999/formulaire", &fields).await.0, 404);
    assert!(forms::store::get(&app.state.db, &surveys::model::owner(ssd_survey)).await.unwrap().is_none());
}
