//! The form kit's store on the real database: versions (an edit of an answered version makes
//! a new one, the earlier answers keep theirs; an edit of an unanswered one replaces it),
//! stored typed answers, question ids never reused, anonymisation.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use crate::common::TestApp;
use essaim::core::forms::{self, Answer, FormDef, Item, Kind, Question, RawAnswers, store};

fn question(id: i64, code: &str, label: &str, kind: Kind) -> Item {
    Item::Question(Question { id, code: code.into(), label: label.into(), help: String::new(), required: false, condition: None, kind })
}

fn v1() -> FormDef {
    FormDef {
        items: vec![
            question(1, "repas", "Repas", Kind::SingleChoice { choices: vec!["Végétarien".into(), "Sans gluten".into()] }),
            question(2, "enfants", "Nombre d’enfants", Kind::Number { min: Some(0.0), max: Some(9.0) }),
        ],
    }
}

async fn answer(app: &TestApp, owner: &str, reference: &str, def: &FormDef, fields: &[(&str, &str)]) {
    let raw = RawAnswers::from_fields(&fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>());
    let typed = forms::validate(def, &raw).unwrap();
    let mut tx = app.state.db.begin().await.unwrap();
    assert!(store::save_response(&mut tx, owner, reference, &typed, 100).await.unwrap().is_some());
    tx.commit().await.unwrap();
}

async fn save(app: &TestApp, owner: &str, def: &FormDef) -> store::Saved {
    let mut tx = app.state.db.begin().await.unwrap();
    let saved = store::save(&mut tx, owner, def, 50).await.unwrap();
    tx.commit().await.unwrap();
    saved
}

#[tokio::test]
async fn an_answered_version_is_kept_and_an_edit_makes_a_new_one() {
    let app = TestApp::spawn().await;
    let owner = "test:1";
    assert!(store::get(&app.state.db, owner).await.unwrap().is_none());

    // Created at version 1; edited before any answer: replaced in place.
    let first = save(&app, owner, &FormDef { items: vec![question(1, "repas", "Repas ?", Kind::ShortText)] }).await;
    assert_eq!((first.version, first.new_version), (1, true));
    let replaced = save(&app, owner, &v1()).await;
    assert_eq!((replaced.form_id, replaced.version, replaced.new_version), (first.form_id, 1, false));
    assert_eq!(store::get(&app.state.db, owner).await.unwrap().unwrap().def, v1());

    // Answered: stored typed, with the codes.
    answer(&app, owner, "r1", &v1(), &[("q-1", "Végétarien"), ("q-2", "2")]).await;
    let (version, answers) = store::response(&app.state.db, owner, "r1").await.unwrap().unwrap();
    assert_eq!(version, 1);
    assert_eq!(
        answers.iter().map(|t| (t.question, t.code.as_str(), t.answer.clone())).collect::<Vec<_>>(),
        vec![(1, "repas", Answer::Choice("Végétarien".into())), (2, "enfants", Answer::Number(2.0))]
    );

    // Now an edit (question 1 reworded, question 2 removed, a new one) makes version 2.
    let mut tx = app.state.db.begin().await.unwrap();
    let next = store::next_question_id(&mut tx).await.unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(next, 3);
    let v2 = FormDef {
        items: vec![
            question(1, "repas", "Votre repas", Kind::SingleChoice { choices: vec!["Végétarien".into(), "Sans gluten".into()] }),
            question(next, "arrivee", "Arrivée", Kind::Date),
        ],
    };
    let saved = save(&app, owner, &v2).await;
    assert_eq!((saved.version, saved.new_version), (2, true));
    let form = store::get(&app.state.db, owner).await.unwrap().unwrap();
    assert_eq!((form.version, &form.def), (2, &v2));
    // The earlier answers keep their version, whose definition is unchanged.
    assert_eq!(store::response(&app.state.db, owner, "r1").await.unwrap().unwrap().0, 1);
    assert_eq!(store::get_version(&app.state.db, form.id, 1).await.unwrap().unwrap(), v1());
    // Removed question 2's id is never given again.
    let mut tx = app.state.db.begin().await.unwrap();
    assert_eq!(store::next_question_id(&mut tx).await.unwrap(), 4);
    tx.rollback().await.unwrap();

    // Version 2 without answers: edited in place again.
    assert_eq!(save(&app, owner, &v2).await, store::Saved { form_id: form.id, version: 2, new_version: false });
    answer(&app, owner, "r2", &v2, &[("q-1", "Sans gluten"), ("q-3", "2026-12-31")]).await;
    assert_eq!(store::responses_per_version(&app.state.db, owner).await.unwrap(), vec![(1, 1), (2, 1)]);
    assert_eq!(store::list_versions(&app.state.db, form.id).await.unwrap().len(), 2);

    // Answering again replaces the answers and moves the response to the current version.
    answer(&app, owner, "r1", &v2, &[("q-1", "Sans gluten")]).await;
    let (version, answers) = store::response(&app.state.db, owner, "r1").await.unwrap().unwrap();
    assert_eq!((version, answers.len()), (2, 1));

    // Answers by reference (a list, an export), then anonymised: the responses stay.
    let all = store::answers_by_reference(&app.state.db, owner, None).await.unwrap();
    assert_eq!((all["r1"].len(), all["r2"].len()), (1, 2));
    let some = store::answers_by_reference(&app.state.db, owner, Some(&["r2".to_string()])).await.unwrap();
    assert_eq!(some.keys().collect::<Vec<_>>(), vec!["r2"]);
    let mut tx = app.state.db.begin().await.unwrap();
    assert_eq!(store::clear_answers(&mut tx, owner, &["r2".to_string()]).await.unwrap(), 2);
    tx.commit().await.unwrap();
    assert_eq!(store::response(&app.state.db, owner, "r2").await.unwrap().unwrap().1, vec![]);
    let mut tx = app.state.db.begin().await.unwrap();
    assert_eq!(store::clear_all_answers(&mut tx, owner).await.unwrap(), 1);
    tx.commit().await.unwrap();
    assert!(store::answers_by_reference(&app.state.db, owner, None).await.unwrap().is_empty());
    assert_eq!(store::responses_per_version(&app.state.db, owner).await.unwrap(), vec![(1, 0), (2, 2)]);

    // Another owner's form is apart; a form without a definition takes no response.
    let mut tx = app.state.db.begin().await.unwrap();
    assert_eq!(store::save_response(&mut tx, "test:none", "r1", &[], 1).await.unwrap(), None);
    store::delete(&mut tx, owner).await.unwrap();
    tx.commit().await.unwrap();
    assert!(store::get(&app.state.db, owner).await.unwrap().is_none());
    assert!(store::response(&app.state.db, owner, "r1").await.unwrap().is_none());
}
