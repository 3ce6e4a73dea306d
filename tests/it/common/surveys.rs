//! A barometer to test the surveys module against: a survey whose form (version 1) has the
//! kit's question kinds under stable codes (q1 sector: single choice; q2 practices: multiple
//! choice A/B/C with "other"; q3 confidence: scale 1–5; q4 staff: number; q5 matrix of two
//! rows; q7 a short text; q9 yes/no), `territories` clubs ("Territoire N"), and one wave
//! (label "2025") opened on version 1 in those territories, in the mode asked. Written
//! through the module's own functions.
#![allow(dead_code)]

use std::collections::BTreeMap;

use essaim::core::forms::{self, Answer, FormDef, Item, Kind, MatrixRow, Question, Typed};
use essaim::modules::surveys::{self, InvitationInput, Mode, SurveyInput, WaveInput};

use super::{TestApp, is_postgres};

pub struct Barometer {
    pub survey_id: i64,
    pub slug: String,
    pub wave_id: i64,
    pub clubs: Vec<i64>,
    pub def: FormDef,
}

fn q(id: i64, code: &str, label: &str, kind: Kind) -> Item {
    Item::Question(Question { id, code: code.into(), label: label.into(), help: String::new(), required: false, condition: None, kind })
}

/// Version 1 of the barometer's form. Question ids are offset by `base` (ids are global).
pub fn form_v1(base: i64) -> FormDef {
    FormDef {
        items: vec![
            Item::Section { title: "Votre entreprise".into(), help: String::new() },
            q(
                base + 1,
                "q1",
                "Secteur d’activité",
                Kind::SingleChoice { choices: vec!["Industrie".into(), "Services".into(), "Commerce".into()] },
            ),
            q(
                base + 2,
                "q2",
                "Pratiques en place",
                Kind::MultipleChoice { choices: vec!["A".into(), "B".into(), "C".into()], other: true },
            ),
            q(base + 4, "q4", "Effectif", Kind::Number { min: Some(0.0), max: None }),
            Item::Section { title: "Vos pratiques".into(), help: String::new() },
            q(base + 3, "q3", "Confiance", Kind::Scale { max: 5, low: "Faible".into(), high: "Forte".into() }),
            q(
                base + 5,
                "q5",
                "Appréciations",
                Kind::Matrix {
                    rows: vec![
                        MatrixRow { code: "recrutement".into(), label: "Recrutement".into() },
                        MatrixRow { code: "formation".into(), label: "Formation".into() },
                    ],
                    max: 5,
                    low: String::new(),
                    high: String::new(),
                },
            ),
            q(base + 7, "q7", "Votre principal frein", Kind::ShortText),
            q(base + 9, "q9", "Avez-vous un référent seniors ?", Kind::YesNo),
        ],
    }
}

/// Typed answers to version 1: the choices of q2 and the "other" text given.
pub fn answers(def: &FormDef, q2: &[&str], other: Option<&str>, scale: u8) -> Vec<Typed> {
    let by_code = |c: &str| def.questions().find(|q| q.code == c).unwrap().id;
    let mut matrix = BTreeMap::new();
    matrix.insert("recrutement".to_string(), scale);
    vec![
        Typed { question: by_code("q1"), code: "q1".into(), answer: Answer::Choice("Services".into()) },
        Typed {
            question: by_code("q2"),
            code: "q2".into(),
            answer: Answer::Choices { selected: q2.iter().map(|s| s.to_string()).collect(), other: other.map(str::to_string) },
        },
        Typed { question: by_code("q3"), code: "q3".into(), answer: Answer::Scale(scale) },
        Typed { question: by_code("q5"), code: "q5".into(), answer: Answer::Matrix(matrix) },
    ]
}

pub async fn clubs(app: &TestApp, n: usize) -> Vec<i64> {
    let now = app.state.now();
    let mut ids = vec![];
    let suffix = rand_suffix();
    for i in 1..=n {
        let id: i64 = sqlx::query_scalar("INSERT INTO clubs (slug, name, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(format!("territoire-{i}-{suffix}"))
            .bind(format!("Territoire {i} {suffix}"))
            .bind(now)
            .fetch_one(app.state.db.writer())
            .await
            .unwrap();
        ids.push(id);
    }
    ids
}

pub async fn barometer(app: &TestApp, territories: usize, mode: Mode, quota: Option<i64>) -> Barometer {
    let now = app.state.now();
    let clubs = clubs(app, territories).await;
    let db = &app.state.db;
    let mut tx = db.begin().await.unwrap();
    let slug = format!("barometre-{}", rand_suffix());
    let survey_id = surveys::insert_survey(
        &mut tx,
        &SurveyInput {
            slug: slug.clone(),
            title: "Baromètre des âges".into(),
            summary: "Comment les entreprises gèrent les âges".into(),
            min_cell: 5,
            ..Default::default()
        },
        None,
        now,
    )
    .await
    .unwrap();
    let base = forms::store::next_question_id(&mut tx).await.unwrap();
    let def = form_v1(base);
    forms::store::save(&mut tx, &surveys::model::owner(survey_id), &def, now).await.unwrap();
    let wave_id = surveys::insert_wave(
        &mut tx,
        survey_id,
        &WaveInput { label: "2025".into(), mode, opens_at: now - 86_400, closes_at: now + 30 * 86_400, open_link: true },
        now,
    )
    .await
    .unwrap();
    let t: Vec<(i64, Option<i64>)> = clubs.iter().map(|c| (*c, quota)).collect();
    surveys::set_territories(&mut tx, wave_id, &t).await.unwrap();
    assert_eq!(surveys::open_wave(&mut tx, wave_id, now).await.unwrap(), Some(1));
    tx.commit().await.unwrap();
    Barometer { survey_id, slug, wave_id, clubs, def }
}

/// `n` invitations in `club` (`entreprise{i}@t.example`), their ids.
pub async fn invite(app: &TestApp, wave_id: i64, club: i64, n: usize) -> Vec<i64> {
    let now = app.state.now();
    let mut tx = app.state.db.begin().await.unwrap();
    let mut ids = vec![];
    for i in 0..n {
        let input = InvitationInput {
            club_id: club,
            name: format!("Entreprise {i}"),
            email: format!("entreprise{i}-{club}@t.example"),
            attributes: Default::default(),
        };
        ids.push(surveys::insert_invitation(&mut tx, wave_id, &input, now).await.unwrap().unwrap());
    }
    tx.commit().await.unwrap();
    ids
}

fn rand_suffix() -> String {
    use rand::Rng;
    format!("{:06x}", rand::rng().random_range(0..0xff_ffff))
}

/// Close a wave now: an anonymous wave's responses leave row by row only once it has closed.
pub async fn close(app: &TestApp, wave_id: i64) {
    let mut tx = app.state.db.begin().await.unwrap();
    assert!(surveys::close_wave(&mut tx, wave_id, app.state.now()).await.unwrap());
    tx.commit().await.unwrap();
}

/// The columns of a table, on either database.
pub async fn columns(app: &TestApp, table: &str) -> Vec<String> {
    if is_postgres() {
        sqlx::query_scalar("SELECT column_name::text FROM information_schema.columns WHERE table_name = $1")
            .bind(table.to_string())
            .fetch_all(app.state.db.pool())
            .await
            .unwrap()
    } else {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT name FROM pragma_table_info('{table}')")))
            .fetch_all(app.state.db.pool())
            .await
            .unwrap()
    }
}
