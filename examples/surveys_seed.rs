//! Seed a barometer at scale through the surveys module's own functions, into the database of
//! ESSAIM_DATABASE_URL (or the configuration's), measuring as it goes, and print what was
//! written and measured as JSON. Used by `bench/surveys.sh`; the database is migrated first.
//!
//!     cargo run --release --example surveys_seed -- RESPONSES QUESTIONS TERRITORIES CONCURRENCY
//!
//! (defaults 10000 40 5 8): a survey whose form has QUESTIONS questions of every kind the
//! results count (single and multiple choice with "other", scale, number, yes/no, matrix,
//! short text, in turn), one anonymous wave opened on it in TERRITORIES new clubs, published
//! with every code, and RESPONSES responses submitted through `surveys::submit` (one
//! transaction each, as the respond pages do) by CONCURRENCY tasks at once. It reports the
//! submissions per second, the time of the results' aggregate over every answer
//! (`surveys::count_answers`, median of 5), of the first read of the counts (which counts and
//! keeps them) and of the next reads (`surveys::answer_counts`, median of 20).
//!
//! An example rather than an `essaim seed` option: the seed command and `main.rs` are shared
//! with the other parts, and this entry point runs no SQL of its own.

use std::collections::BTreeMap;
use std::time::Instant;

use essaim::core::config::Config;
use essaim::core::db::Db;
use essaim::core::forms::{self, Answer, FormDef, Item, Kind, MatrixRow, Question, Typed};
use essaim::modules::network::{self, Club};
use essaim::modules::surveys::{self, Holder, Mode, QuotaGuard, Submitted, SurveyInput, WaveInput};

fn question(id: i64, i: usize) -> Question {
    let choices = |n: usize| (1..=n).map(|k| format!("Option {k}")).collect::<Vec<_>>();
    let kind = match i % 7 {
        0 => Kind::SingleChoice { choices: choices(5) },
        1 => Kind::MultipleChoice { choices: choices(6), other: true },
        2 => Kind::Scale { max: 5, low: "Pas du tout".into(), high: "Tout à fait".into() },
        3 => Kind::Number { min: Some(0.0), max: None },
        4 => Kind::YesNo,
        5 => Kind::Matrix {
            rows: ["recrutement", "formation", "retraite"]
                .iter()
                .map(|c| MatrixRow { code: (*c).into(), label: c.to_uppercase() })
                .collect(),
            max: 5,
            low: String::new(),
            high: String::new(),
        },
        _ => Kind::ShortText,
    };
    Question {
        id,
        code: format!("q{}", i + 1),
        label: format!("Question {}", i + 1),
        help: String::new(),
        required: false,
        condition: None,
        kind,
    }
}

/// A plausible answer to `q`, varied by `n`.
fn answer(q: &Question, n: u64) -> Answer {
    let pick = |k: u64, m: u64| ((n.wrapping_mul(2_654_435_761).wrapping_add(k * 97)) >> 7) % m;
    match &q.kind {
        Kind::SingleChoice { choices } => Answer::Choice(choices[pick(1, choices.len() as u64) as usize].clone()),
        Kind::MultipleChoice { choices, .. } => Answer::Choices {
            selected: choices.iter().enumerate().filter(|(i, _)| pick(*i as u64 + 3, 3) == 0).map(|(_, c)| c.clone()).collect(),
            other: (pick(11, 20) == 0).then(|| "Autre pratique".to_string()),
        },
        Kind::Scale { max, .. } => Answer::Scale(1 + pick(2, u64::from(*max)) as u8),
        Kind::Number { .. } => Answer::Number(pick(4, 500) as f64),
        Kind::YesNo => Answer::YesNo(pick(5, 2) == 0),
        Kind::Matrix { rows, max, .. } => Answer::Matrix(
            rows.iter()
                .enumerate()
                .map(|(i, r)| (r.code.clone(), 1 + pick(i as u64 + 6, u64::from(*max)) as u8))
                .collect::<BTreeMap<_, _>>(),
        ),
        _ => Answer::Text(format!("Frein {}", pick(9, 50))),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize, default: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(default);
    let (responses, questions, territories, concurrency) = (num(0, 10_000), num(1, 40), num(2, 5), num(3, 8).max(1));
    let config = Config::load(None)?;
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let now = jiff::Timestamp::now().as_second();
    let tag = format!("{now}");

    let mut clubs = vec![];
    for t in 1..=territories {
        let club = Club { slug: format!("territoire-{t}-{tag}"), name: format!("Territoire {t} ({tag})"), ..Default::default() };
        clubs.push(network::upsert_club(&db, &club, now).await?);
    }
    let mut tx = db.begin().await?;
    let slug = format!("barometre-{tag}");
    let survey_id = surveys::insert_survey(
        &mut tx,
        &SurveyInput { slug: slug.clone(), title: "Baromètre des âges (banc d’essai)".into(), min_cell: 5, ..Default::default() },
        None,
        now,
    )
    .await?;
    let base = forms::store::next_question_id(&mut tx).await?;
    let def = FormDef { items: (0..questions).map(|i| Item::Question(question(base + i as i64, i))).collect() };
    forms::store::save(&mut tx, &surveys::model::owner(survey_id), &def, now).await?;
    let wave_id = surveys::insert_wave(
        &mut tx,
        survey_id,
        &WaveInput { label: "2026".into(), mode: Mode::Anonymous, opens_at: now - 86_400, closes_at: now + 90 * 86_400, open_link: true },
        now,
    )
    .await?;
    surveys::set_territories(&mut tx, wave_id, &clubs.iter().map(|c| (*c, None)).collect::<Vec<_>>()).await?;
    surveys::open_wave(&mut tx, wave_id, now).await?.ok_or_else(|| anyhow::anyhow!("the wave did not open"))?;
    let codes: Vec<String> = def.questions().map(|q| q.code.clone()).collect();
    surveys::publish_wave(&mut tx, wave_id, Some(&codes), now).await?;
    tx.commit().await?;
    let wave = surveys::wave(&db, wave_id).await?.ok_or_else(|| anyhow::anyhow!("no wave"))?;

    // Each respondent's key and its empty draft first, as the open link's start page makes them
    // (a request of its own, not timed here), a thousand per transaction.
    let key = |n: usize| format!("{:064x}", (now as u128) << 32 | n as u128);
    for chunk in (0..responses).collect::<Vec<_>>().chunks(1000) {
        let mut tx = db.begin().await?;
        for n in chunk {
            surveys::start_open_draft(&mut tx, wave.id, clubs[n % clubs.len()], &key(*n), now).await?;
        }
        tx.commit().await?;
    }

    // The submissions, CONCURRENCY at a time, each in its own transaction.
    let started = Instant::now();
    let mut tasks = vec![];
    for worker in 0..concurrency {
        let (db, wave, def, clubs) = (db.clone(), wave.clone(), def.clone(), clubs.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = worker;
            while n < responses {
                let typed: Vec<Typed> =
                    def.questions().map(|q| Typed { question: q.id, code: q.code.clone(), answer: answer(q, n as u64) }).collect();
                let club = clubs[n % clubs.len()];
                let mut tx = db.begin().await?;
                let holder = Holder::OpenKey(format!("{:064x}", (now as u128) << 32 | n as u128));
                match surveys::submit(&mut tx, &wave, club, &holder, &typed, QuotaGuard::Database, now).await? {
                    Submitted::Stored(_) => tx.commit().await?,
                    other => anyhow::bail!("submission refused: {other:?}"),
                }
                n += concurrency;
            }
            anyhow::Ok(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    let seconds = started.elapsed().as_secs_f64();
    // Closed, as a barometer's wave is when its results are read: an anonymous wave's
    // responses leave row by row (the exports) only then.
    let mut tx = db.begin().await?;
    surveys::close_wave(&mut tx, wave_id, jiff::Timestamp::now().as_second()).await?;
    tx.commit().await?;

    // The results' aggregate over every answer (median of 5), then the counts as the results
    // pages read them: the first read counts and keeps them, the next ones (median of 20)
    // read what was kept.
    let median = |mut t: Vec<f64>| {
        t.sort_by(f64::total_cmp);
        (t[t.len() / 2] * 10.0).round() / 10.0
    };
    let mut live = vec![];
    let mut rows = 0;
    for _ in 0..5 {
        let t = Instant::now();
        rows = surveys::count_answers(&db, wave_id).await?.len();
        live.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let t = Instant::now();
    surveys::answer_counts(&db, wave_id).await?;
    let first = (t.elapsed().as_secs_f64() * 10_000.0).round() / 10.0;
    let mut kept = vec![];
    for _ in 0..20 {
        let t = Instant::now();
        surveys::answer_counts(&db, wave_id).await?;
        kept.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    db.close().await;
    println!(
        "{}",
        serde_json::json!({
            "survey_id": survey_id,
            "slug": slug,
            "wave_id": wave_id,
            "responses": responses,
            "questions": questions,
            "territories": territories,
            "concurrency": concurrency,
            "submit_seconds": (seconds * 100.0).round() / 100.0,
            "submissions_per_second": (responses as f64 / seconds).round(),
            "answer_counts_rows": rows,
            "count_answers_ms_median": median(live),
            "answer_counts_first_ms": first,
            "answer_counts_kept_ms_median": median(kept),
        })
    );
    Ok(())
}
