//! Migration 0018 moves the events' questions and answers into the form kit's tables, on
//! both databases: a database at 0017 with questions (every kind, a condition, options with
//! blank lines) and answers is migrated, then read through the kit and the events module.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed unwrap is a failed test

use essaim::core::db::Db;
use essaim::core::forms::{self, Answer, Condition, Kind, Test, store};
use essaim::modules::events::questions;

#[tokio::test]
async fn questions_and_answers_move_into_the_kit() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::common::fresh_database(dir.path()).await;
    let db = Db::connect(&url).await.unwrap();
    let backend = if crate::common::is_postgres() { "postgres" } else { "sqlite" };
    // The migrations before 0018 only.
    let earlier = dir.path().join("earlier");
    std::fs::create_dir_all(&earlier).unwrap();
    for entry in std::fs::read_dir(format!("migrations/{backend}")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.as_str() < "0018" {
            std::fs::copy(&path, earlier.join(&name)).unwrap();
        }
    }
    sqlx::migrate::Migrator::new(earlier.as_path()).await.unwrap().run(db.writer()).await.unwrap();

    for sql in [
        "INSERT INTO events (id, slug, title, starts_at, ends_at, capacity, created_at, updated_at) VALUES (7, 'gala', 'Gala', 100, 200, 50, 1, 1)",
        "INSERT INTO events (id, slug, title, starts_at, ends_at, capacity, created_at, updated_at) VALUES (8, 'vide', 'Vide', 100, 200, 50, 1, 1)",
        "INSERT INTO event_questions (id, event_id, position, label, help, kind, choices, required) VALUES (11, 7, 2, 'Repas « spécial »', 'Aide', 'choice', 'Végétarien\n\n  Sans \"gluten\" \n', 1)",
        "INSERT INTO event_questions (id, event_id, position, label, kind, required) VALUES (10, 7, 1, 'Venez-vous ?', 'yesno', 1)",
        "INSERT INTO event_questions (id, event_id, position, label, kind, show_if_question, show_if_value) VALUES (12, 7, 3, 'Âge', 'number', 10, 'oui')",
        "INSERT INTO event_questions (id, event_id, position, label, kind) VALUES (13, 7, 4, 'Arrivée', 'date')",
        "INSERT INTO event_questions (id, event_id, position, label, kind) VALUES (14, 7, 5, 'Remarque', 'text')",
        "INSERT INTO registrations (id, event_id, token, idempotency_key, contact_name, email, seats, status, created_at) VALUES (21, 7, 't21', 'k21', 'Awa', 'awa@example.org', 1, 'confirmed', 5)",
        "INSERT INTO registrations (id, event_id, token, idempotency_key, contact_name, email, seats, status, created_at) VALUES (22, 7, 't22', 'k22', 'Inès', 'ines@example.org', 1, 'confirmed', 6)",
    ] {
        sqlx::query(sql).execute(db.writer()).await.unwrap();
    }
    for (q, v) in [(10, "yes"), (11, "Sans \"gluten\""), (12, "2.5"), (13, "2026-12-31"), (14, "Bonjour\nà tous")] {
        sqlx::query("INSERT INTO registration_answers (registration_id, question_id, value) VALUES (21, $1, $2)")
            .bind(q as i64)
            .bind(v)
            .execute(db.writer())
            .await
            .unwrap();
    }
    for sql in [
        "INSERT INTO registration_answers (registration_id, question_id, value) VALUES (22, 10, 'no')",
        "INSERT INTO registration_answers (registration_id, question_id, value) VALUES (22, 12, '12')",
    ] {
        sqlx::query(sql).execute(db.writer()).await.unwrap();
    }

    db.migrate().await.unwrap();

    let form = store::get(&db, "event:7").await.unwrap().expect("the event's form");
    assert_eq!(form.version, 1);
    let qs: Vec<_> = form.def.questions().collect();
    assert_eq!(
        qs.iter().map(|q| (q.id, q.code.as_str())).collect::<Vec<_>>(),
        vec![(10, "q10"), (11, "q11"), (12, "q12"), (13, "q13"), (14, "q14")]
    );
    assert_eq!((qs[1].label.as_str(), qs[1].help.as_str(), qs[1].required), ("Repas « spécial »", "Aide", true));
    assert_eq!(qs[1].kind, Kind::SingleChoice { choices: vec!["Végétarien".into(), "Sans \"gluten\"".into()] });
    assert_eq!((&qs[0].kind, qs[0].required, &qs[0].condition), (&Kind::YesNo, true, &None));
    assert_eq!(qs[2].kind, Kind::Number { min: None, max: None });
    assert_eq!(qs[2].condition, Some(Condition { question: 10, test: Test::Equals, value: "oui".into() }));
    assert_eq!((&qs[3].kind, &qs[4].kind), (&Kind::Date, &Kind::ShortText));
    assert_eq!(form.def.check(), Ok(()));
    assert!(store::get(&db, "event:8").await.unwrap().is_none(), "an event without questions has no form");

    let (version, a) = store::response(&db, "event:7", "21").await.unwrap().unwrap();
    assert_eq!(version, 1);
    assert_eq!(
        a.iter().map(|t| (t.question, t.code.as_str(), t.answer.clone())).collect::<Vec<_>>(),
        vec![
            (10, "q10", Answer::YesNo(true)),
            (11, "q11", Answer::Choice("Sans \"gluten\"".into())),
            (12, "q12", Answer::Number(2.5)),
            (13, "q13", Answer::Date("2026-12-31".into())),
            (14, "q14", Answer::Text("Bonjour\nà tous".into())),
        ]
    );
    let (_, b) = store::response(&db, "event:7", "22").await.unwrap().unwrap();
    assert_eq!(b.iter().map(|t| t.answer.plain()).collect::<Vec<_>>(), vec!["no", "12"]);
    // The events module reads the same; the migrated answers validate again as they are.
    assert_eq!(questions::list(&db, 7).await.unwrap().len(), 5);
    assert_eq!(forms::validate(&form.def, &forms::RawAnswers::from_answers(&a)).unwrap(), a);
    // The old tables are gone.
    assert!(sqlx::query("SELECT COUNT(*) FROM event_questions").fetch_one(db.pool()).await.is_err());
    db.close().await;
}
